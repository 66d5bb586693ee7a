"""Queries on `records`, always scoped by account and, for lists, by type."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReplaceOne, UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from schemas.records import Record
from store.engine import Document, Store

logger = logging.getLogger(__name__)

DISPLAY_NAME = "display_name_lower"


class DuplicateExternalId(Exception):
    """Another record of the type already has this external id."""


def fold(text: str) -> str:
    """Text as search and sort compare it: accents dropped, case folded.

    Neither engine has collation, so records keep this copy of their display
    name ('Álgebra' -> 'algebra') and searches fold their terms the same way.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _from_document(document: Document) -> Record:
    return Record.model_validate(document | {"id": document["_id"]})


def _to_document(record: Record) -> Document:
    document = record.model_dump(mode="python", exclude={"id"})
    if document["external_id"] is None:
        del document["external_id"]  # the unique index only covers string ids
    return document | {"_id": record.id, DISPLAY_NAME: fold(record.display_name)}


def insert(store: Store, record: Record) -> None:
    try:
        store.records.insert_one(_to_document(record))
    except DuplicateKeyError:
        raise DuplicateExternalId(record.external_id) from None
    logger.info("Record %s created in type %s", record.id, record.type_id)


def replace(store: Store, record: Record) -> bool:
    try:
        result = store.records.replace_one(
            {"_id": record.id, "account_id": record.account_id},
            _to_document(record),
        )
    except DuplicateKeyError:
        raise DuplicateExternalId(record.external_id) from None
    logger.info("Record %s updated", record.id)
    return result.matched_count == 1


def get(store: Store, account_id: str, record_id: str) -> Record | None:
    document = store.records.find_one({"_id": record_id, "account_id": account_id})
    return _from_document(document) if document else None


def get_many(store: Store, account_id: str, record_ids: Iterable[str]) -> list[Record]:
    ids = list(set(record_ids))
    if not ids:
        return []
    documents = store.records.find({"_id": {"$in": ids}, "account_id": account_id})
    return [_from_document(d) for d in documents]


def count(store: Store, account_id: str, type_id: str) -> int:
    return store.records.count_documents({"account_id": account_id, "type_id": type_id})


def count_with_value(
    store: Store, account_id: str, type_id: str, field_key: str, value: Any
) -> int:
    """Records of a type whose field holds `value` (or, for lists, includes it)."""
    return store.records.count_documents(
        {"account_id": account_id, "type_id": type_id, f"values.{field_key}": value}
    )


def count_with_field(
    store: Store, account_id: str, type_id: str, field_key: str
) -> int:
    """Records of a type holding any value in a field (empty values are not
    stored, so a stored key is a value)."""
    return store.records.count_documents(
        {
            "account_id": account_id,
            "type_id": type_id,
            f"values.{field_key}": {"$exists": True},
        }
    )


def page(
    store: Store,
    account_id: str,
    type_id: str,
    *,
    search: str = "",
    sort: str = DISPLAY_NAME,
    descending: bool = False,
    skip: int = 0,
    limit: int = 50,
) -> tuple[list[Record], int]:
    """One page of a type's records and how many match in all.

    `search` matches anywhere in the display name, ignoring case and accents.
    `sort` is a stored path such as `values.start_date`; ties fall back to the id
    so that pages never overlap.
    """
    query: dict[str, Any] = {"account_id": account_id, "type_id": type_id}
    if search.strip():
        query[DISPLAY_NAME] = {"$regex": re.escape(fold(search.strip()))}
    direction = DESCENDING if descending else ASCENDING
    documents = store.records.find(
        query, sort=[(sort, direction), ("_id", direction)], skip=skip, limit=limit
    )
    total = store.records.count_documents(query)
    return [_from_document(d) for d in documents], total


def set_display_names(store: Store, account_id: str, names: dict[str, str]) -> None:
    """Rewrite display names after the primary field of a type changed."""
    if not names:
        return
    store.records.bulk_write(
        [
            UpdateOne(
                {"_id": record_id, "account_id": account_id},
                {"$set": {"display_name": name, DISPLAY_NAME: fold(name)}},
            )
            for record_id, name in names.items()
        ]
    )


def find_by_type(store: Store, account_id: str, type_id: str) -> list[Record]:
    documents = store.records.find({"account_id": account_id, "type_id": type_id})
    return [_from_document(d) for d in documents]


def delete(store: Store, account_id: str, record_id: str) -> bool:
    result = store.records.delete_one({"_id": record_id, "account_id": account_id})
    logger.info("Record %s deleted", record_id)
    return result.deleted_count == 1


def get_by_external_id(
    store: Store, account_id: str, type_id: str, external_id: str
) -> Record | None:
    document = store.records.find_one(
        {"account_id": account_id, "type_id": type_id, "external_id": external_id}
    )
    return _from_document(document) if document else None


def find_by_external_ids(
    store: Store, account_id: str, type_id: str, external_ids: Sequence[str]
) -> dict[str, Record]:
    """The type's records with these external ids, by external id: one query.

    TODO(#4): the embedded engine's hash indexes serve no `$in`, so this scans
    the type's records and slows batch upserts as a type grows.
    """
    if not external_ids:
        return {}
    documents = store.records.find(
        {
            "account_id": account_id,
            "type_id": type_id,
            "external_id": {"$in": list(external_ids)},
        }
    )
    found = (_from_document(d) for d in documents)
    return {record.external_id: record for record in found if record.external_id}


def insert_many(store: Store, new: Sequence[Record]) -> set[int]:
    """Insert records in one call; the positions refused as duplicate external ids.

    Unordered, so one duplicate never stops the others: the caller retries the
    refused ones as updates of the record that won.
    """
    if not new:
        return set()
    try:
        store.records.insert_many([_to_document(r) for r in new], ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(error.get("code") != 11000 for error in errors):
            raise
        return {int(error["index"]) for error in errors}
    logger.info("%s records created in type %s", len(new), new[0].type_id)
    return set()


def replace_many(store: Store, changed: Sequence[Record]) -> None:
    if not changed:
        return
    store.records.bulk_write(
        [
            ReplaceOne({"_id": r.id, "account_id": r.account_id}, _to_document(r))
            for r in changed
        ],
        ordered=False,
    )
    logger.info("%s records updated in type %s", len(changed), changed[0].type_id)


@dataclass(frozen=True)
class Condition:
    """One comparison on a stored path: op is eq, ne, gt, gte, lt, lte, in,
    contains (text, case- and accent-insensitive; or a list's option) or
    is_empty (value True or False)."""

    path: str
    op: str
    value: Any


_OPERATORS = {
    "eq": "$eq",
    "ne": "$ne",
    "gt": "$gt",
    "gte": "$gte",
    "lt": "$lt",
    "lte": "$lte",
    "in": "$in",
}


def _compile(condition: Condition) -> dict[str, Any]:
    if condition.op == "is_empty":
        empty: dict[str, Any] = {"$in": [None, "", []]}
        return {condition.path: empty if condition.value else {"$nin": [None, "", []]}}
    if condition.op == "contains":
        if isinstance(condition.value, str):
            pattern = re.escape(condition.value)
            return {condition.path: {"$regex": pattern, "$options": "i"}}
        return {condition.path: condition.value}
    return {condition.path: {_OPERATORS[condition.op]: condition.value}}


def _after(path: str, descending: bool, value: Any, record_id: str) -> dict[str, Any]:
    """Everything after (value, id) in the order (path, _id); missing values
    come first in ascending order, as MongoDB sorts them."""
    beyond, equal_id = ("$lt", "$lt") if descending else ("$gt", "$gt")
    if value is None:
        tie = {path: None, "_id": {equal_id: record_id}}
        return tie if descending else {"$or": [tie, {path: {"$ne": None}}]}
    branches: list[dict[str, Any]] = [
        {path: {beyond: value}},
        {path: value, "_id": {equal_id: record_id}},
    ]
    if descending:
        branches.append({path: None})
    return {"$or": branches}


def keyset_page(
    store: Store,
    account_id: str,
    type_id: str,
    *,
    conditions: Sequence[Condition] = (),
    sort: str = DISPLAY_NAME,
    descending: bool = False,
    after: tuple[Any, str] | None = None,
    updated_after: datetime | None = None,
    limit: int = 50,
) -> list[Record]:
    """Up to `limit` records after the cursor `after` = (sort value, id).

    Pages are stable while records are added: each continues from the last
    record seen, not from an offset.
    """
    clauses: list[dict[str, Any]] = [{"account_id": account_id, "type_id": type_id}]
    clauses += [_compile(condition) for condition in conditions]
    if updated_after is not None:
        clauses.append({"updated_at": {"$gt": updated_after}})
    if after is not None:
        clauses.append(_after(sort, descending, *after))
    query = clauses[0] if len(clauses) == 1 else {"$and": clauses}
    direction = DESCENDING if descending else ASCENDING
    documents = store.records.find(
        query, sort=[(sort, direction), ("_id", direction)], limit=limit
    )
    return [_from_document(d) for d in documents]


def sort_value(record: Record, path: str) -> Any:
    """The value a record has at a stored sort path, for the next cursor."""
    if path == DISPLAY_NAME:
        return fold(record.display_name)
    value: Any = record.model_dump()
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value
