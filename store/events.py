"""The audit trail: who changed what, when, before and after."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from store.engine import Store, new_id


def record(
    store: Store,
    account_id: str,
    *,
    actor: str,
    action: str,
    subject: str,
    before: Any = None,
    after: Any = None,
) -> None:
    store.events.insert_one(
        {
            "_id": new_id(),
            "account_id": account_id,
            "at": datetime.now(UTC),
            "actor": actor,
            "action": action,
            "subject": subject,
            "before": before,
            "after": after,
        }
    )


def recent(store: Store, account_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first. Stored times keep milliseconds only, so events of the same
    millisecond fall back to their ids, which grow with time in a process."""
    return list(
        store.events.find(
            {"account_id": account_id}, sort=[("at", -1), ("_id", -1)], limit=limit
        )
    )
