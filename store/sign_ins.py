"""Failed sign-ins by email, whether or not any user has that email.

Throttling by the typed email rather than by user means an unknown email is
delayed exactly like a known one, so the delay reveals nobody's account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo import ReturnDocument

from store.engine import Store


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    locked_until: datetime | None = None


def _key(email: str) -> str:
    return email.strip().lower()


def get(store: Store, email: str) -> Attempts:
    document = store.sign_in_attempts.find_one({"_id": _key(email)})
    if document is None:
        return Attempts()
    locked = document.get("locked_until")
    return Attempts(
        failures=int(document.get("failures", 0)),
        locked_until=locked.replace(tzinfo=UTC) if locked else None,
    )


def record_failure(store: Store, email: str) -> int:
    """Count one more failure, atomically; returns the count so far."""
    document = store.sign_in_attempts.find_one_and_update(
        {"_id": _key(email)},
        {"$inc": {"failures": 1}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return int(document["failures"]) if document else 1


def lock(store: Store, email: str, until: datetime | None) -> None:
    store.sign_in_attempts.update_one(
        {"_id": _key(email)}, {"$set": {"locked_until": until}}
    )


def clear(store: Store, email: str) -> None:
    store.sign_in_attempts.delete_one({"_id": _key(email)})
