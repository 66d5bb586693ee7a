"""The indexes every engine gets at start-up, created idempotently.

The unique ones carry the invariants of DESIGN.md, since no engine but MongoDB
has transactions. The others are the exact-key matches that the embedded
engine can serve from its hash indexes: one per hot query.
"""

from __future__ import annotations

import logging

from pymongo import ASCENDING, IndexModel

from store.engine import Store

logger = logging.getLogger(__name__)

_WITH_EXTERNAL_ID = {"external_id": {"$type": "string"}}


def _keys(*fields: str) -> list[tuple[str, int]]:
    return [(field, ASCENDING) for field in fields]


INDEXES: dict[str, list[IndexModel]] = {
    "accounts": [IndexModel(_keys("slug"), unique=True)],
    "users": [
        IndexModel(_keys("account_id", "email"), unique=True),
        IndexModel(_keys("email")),
    ],
    "contacts": [
        IndexModel(
            _keys("account_id", "external_id"),
            unique=True,
            partialFilterExpression=_WITH_EXTERNAL_ID,
        ),
        IndexModel(_keys("account_id")),
    ],
    "deals": [
        IndexModel(
            _keys("account_id", "external_id"),
            unique=True,
            partialFilterExpression=_WITH_EXTERNAL_ID,
        ),
        IndexModel(_keys("account_id")),
    ],
    "object_types": [
        IndexModel(_keys("account_id", "key"), unique=True),
        IndexModel(_keys("account_id", "name_lower"), unique=True),
        IndexModel(_keys("account_id")),
    ],
    "records": [
        IndexModel(
            _keys("account_id", "type_id", "external_id"),
            unique=True,
            partialFilterExpression=_WITH_EXTERNAL_ID,
        ),
        IndexModel(_keys("account_id", "type_id")),
    ],
    "associations": [
        IndexModel(
            _keys("account_id", "record_id", "target_kind", "target_id"), unique=True
        ),
        IndexModel(_keys("account_id", "target_kind", "target_id")),
        IndexModel(_keys("account_id", "record_id")),
        IndexModel(_keys("account_id", "type_id")),
    ],
    "events": [IndexModel(_keys("account_id", "at"))],
    "api_keys": [
        IndexModel(_keys("hash"), unique=True),
        IndexModel(_keys("account_id")),
    ],
}


def ensure_indexes(store: Store) -> None:
    """Create every index; running it again changes nothing."""
    for name, indexes in INDEXES.items():
        collection = getattr(store, name)
        for index in indexes:
            # One create_index per index, not create_indexes: the embedded
            # engine's create_indexes drops partialFilterExpression, which
            # would make every record without an external id a duplicate.
            options = dict(index.document)
            keys = list(options.pop("key").items())
            collection.create_index(keys, **options)
    logger.info("Indexes ensured on %s collections", len(INDEXES))


def warm_indexes(store: Store) -> None:
    """Touch each collection so the embedded engine builds its hash indexes now,
    at start-up, rather than on a user's first query."""
    for name in INDEXES:
        getattr(store, name).find_one({"account_id": ""})
