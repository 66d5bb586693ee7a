"""store.indexes: the unique indexes that carry the invariants, on every engine."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from schemas.object_types import ObjectType
from store import events, object_types
from store.engine import Store, new_id
from store.indexes import ensure_indexes
from tests.factories import build_object_type, on_every_engine


def _unique_indexes(store: Store, collection: str) -> dict[tuple[str, ...], Any]:
    """Unique indexes by their fields, with their partial filter (or None)."""
    info = getattr(store, collection).index_information()
    return {
        tuple(field for field, _ in index["key"]): index.get("partialFilterExpression")
        for index in info.values()
        if index.get("unique")
    }


@on_every_engine
def test_ensure_indexes_is_idempotent(store: Store) -> None:
    collections = ["object_types", "records", "associations", "contacts", "events"]
    before = {name: getattr(store, name).index_information() for name in collections}

    ensure_indexes(store)
    ensure_indexes(store)

    after = {name: getattr(store, name).index_information() for name in collections}
    assert after == before


@on_every_engine
@pytest.mark.parametrize(
    ("collection", "fields", "partial"),
    [
        ("object_types", ("account_id", "key"), None),
        ("object_types", ("account_id", "name_lower"), None),
        (
            "records",
            ("account_id", "type_id", "external_id"),
            {"external_id": {"$type": "string"}},
        ),
        ("associations", ("account_id", "record_id", "target_kind", "target_id"), None),
        ("accounts", ("slug",), None),
        (
            "contacts",
            ("account_id", "external_id"),
            {"external_id": {"$type": "string"}},
        ),
    ],
)
def test_unique_index_exists(
    store: Store, collection: str, fields: tuple[str, ...], partial: Any
) -> None:
    unique = _unique_indexes(store, collection)

    assert fields in unique
    assert unique[fields] == partial


def _record(external_id: str | None = None, type_id: str = "t1") -> dict[str, Any]:
    document = {"_id": new_id(), "account_id": "a1", "type_id": type_id}
    return document | ({"external_id": external_id} if external_id else {})


@on_every_engine
def test_records_without_external_id_never_collide(store: Store) -> None:
    store.records.insert_many([_record() for _ in range(3)])

    store.records.insert_one(_record("SIS-1"))
    store.records.insert_one(_record("SIS-1", type_id="t2"))

    with pytest.raises(DuplicateKeyError):
        store.records.insert_one(_record("SIS-1"))
    assert store.records.count_documents({"account_id": "a1"}) == 5


@on_every_engine
def test_associations_unique_per_record_and_target(store: Store) -> None:
    link = {
        "account_id": "a1",
        "record_id": "r1",
        "target_kind": "contact",
        "target_id": "c1",
    }
    store.associations.insert_one(link | {"_id": new_id()})
    store.associations.insert_one(link | {"_id": new_id(), "target_kind": "deal"})

    with pytest.raises(DuplicateKeyError):
        store.associations.insert_one(link | {"_id": new_id(), "label": "other"})
    assert store.associations.count_documents({"record_id": "r1"}) == 2


@on_every_engine
@pytest.mark.parametrize(
    "change",
    [
        {"key": "course", "name": "Another name"},
        {"key": "another_key", "name": "COURSE"},
    ],
)
def test_object_type_key_and_name_are_unique_per_account(
    store: Store, change: dict[str, str]
) -> None:
    first = build_object_type("Course").model_copy(update={"account_id": "a1"})
    object_types.insert(store, first)
    second: ObjectType = first.model_copy(update={"id": new_id(), **change})
    elsewhere = second.model_copy(update={"id": new_id(), "account_id": "a2"})

    with pytest.raises(object_types.DuplicateObjectType):
        object_types.insert(store, second)
    object_types.insert(store, elsewhere)

    assert [t.id for t in object_types.list_all(store, "a1")] == [first.id]
    assert [t.id for t in object_types.list_all(store, "a2")] == [elsewhere.id]


def test_recent_events_of_the_same_millisecond_keep_their_order(store: Store) -> None:
    at = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    ids = [new_id() for _ in range(5)]
    store.events.insert_many(
        [{"_id": i, "account_id": "a1", "at": at, "action": i} for i in ids]
    )

    newest_first = [event["_id"] for event in events.recent(store, "a1")]

    assert newest_first == ids[::-1]
