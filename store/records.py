"""Queries on `records`, always scoped by account and, for lists, by type."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.errors import DuplicateKeyError

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
