"""Queries on `api_keys`: found by the hash of the key, listed by account."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from schemas.api_keys import ApiKey
from store.engine import Document, Store

logger = logging.getLogger(__name__)


def _aware(value: datetime | None) -> datetime | None:
    # The engines give back naive datetimes; every stored one is UTC.
    return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value


def _from_document(document: Document) -> ApiKey:
    key = ApiKey.model_validate(document | {"id": document["_id"]})
    return key.model_copy(
        update={
            "created_at": _aware(key.created_at),
            "last_used_at": _aware(key.last_used_at),
            "revoked_at": _aware(key.revoked_at),
        }
    )


def insert(store: Store, key: ApiKey, key_hash: str) -> None:
    """Store a key under its hash; the unique index refuses a second one."""
    document = key.model_dump(mode="python", exclude={"id"})
    store.api_keys.insert_one(document | {"_id": key.id, "hash": key_hash})
    logger.info("API key %s (%s) created in %s", key.id, key.scope, key.account_id)


def find_by_hash(store: Store, key_hash: str) -> ApiKey | None:
    """The key with this hash in any account: a request names no account."""
    document = store.api_keys.find_one({"hash": key_hash})
    return _from_document(document) if document else None


def get(store: Store, account_id: str, key_id: str) -> ApiKey | None:
    document = store.api_keys.find_one({"_id": key_id, "account_id": account_id})
    return _from_document(document) if document else None


def list_for_account(store: Store, account_id: str) -> list[ApiKey]:
    """Newest first."""
    documents = store.api_keys.find({"account_id": account_id})
    found = [_from_document(d) for d in documents]
    return sorted(found, key=lambda k: (k.created_at, k.id), reverse=True)


def revoke(store: Store, account_id: str, key_id: str, at: datetime) -> bool:
    """False when the key does not exist or was revoked already."""
    result = store.api_keys.update_one(
        {"_id": key_id, "account_id": account_id, "revoked_at": None},
        {"$set": {"revoked_at": at}},
    )
    logger.info("API key %s revoked in %s", key_id, account_id)
    return result.modified_count == 1


def touch(store: Store, key_id: str, at: datetime, *, unless_since: datetime) -> None:
    """Set the last use to `at`, unless another request did after `unless_since`."""
    store.api_keys.update_one(
        {
            "_id": key_id,
            "$or": [{"last_used_at": None}, {"last_used_at": {"$lt": unless_since}}],
        },
        {"$set": {"last_used_at": at}},
    )
