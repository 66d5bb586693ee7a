"""Queries on `contacts` and `deals`, the records associations point at."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from pymongo.errors import DuplicateKeyError

from schemas.crm import Contact, Deal, TargetKind
from store.engine import Document, Store
from store.records import fold

logger = logging.getLogger(__name__)

Target = Contact | Deal
_MODELS: dict[TargetKind, type[Contact] | type[Deal]] = {
    TargetKind.CONTACT: Contact,
    TargetKind.DEAL: Deal,
}
_SORT = {TargetKind.CONTACT: "name_lower", TargetKind.DEAL: "name_lower"}


class DuplicateExternalId(Exception):
    """Another contact (or deal) of the account already has this external id."""


def _collection(store: Store, kind: TargetKind) -> Any:
    return store.contacts if kind is TargetKind.CONTACT else store.deals


def _from_document(kind: TargetKind, document: Document) -> Target:
    return _MODELS[kind].model_validate(document | {"id": document["_id"]})


def _to_document(item: Target) -> Document:
    document = item.model_dump(mode="python", exclude={"id"})
    if document.get("external_id") is None:
        document.pop("external_id", None)
    searchable = fold(f"{item.name} {getattr(item, 'email', '')}")
    return document | {
        "_id": item.id,
        "name_lower": fold(item.name),
        "search": searchable,
    }


def insert_many(store: Store, kind: TargetKind, items: Iterable[Target]) -> None:
    documents = [_to_document(item) for item in items]
    if documents:
        _collection(store, kind).insert_many(documents)


def get(
    store: Store, account_id: str, kind: TargetKind, target_id: str
) -> Target | None:
    document = _collection(store, kind).find_one(
        {"_id": target_id, "account_id": account_id}
    )
    return _from_document(kind, document) if document else None


def page(
    store: Store,
    account_id: str,
    kind: TargetKind,
    *,
    search: str = "",
    skip: int = 0,
    limit: int = 50,
) -> tuple[list[Target], int]:
    """A page of contacts or deals by name; `search` matches name or email."""
    query: dict[str, Any] = {"account_id": account_id}
    if search.strip():
        query["search"] = {"$regex": re.escape(fold(search.strip()))}
    collection = _collection(store, kind)
    documents = collection.find(
        query, sort=[(_SORT[kind], 1), ("_id", 1)], skip=skip, limit=limit
    )
    total = collection.count_documents(query)
    return [_from_document(kind, d) for d in documents], total


def count(store: Store, account_id: str, kind: TargetKind) -> int:
    return int(_collection(store, kind).count_documents({"account_id": account_id}))


def get_by_external_id(
    store: Store, account_id: str, kind: TargetKind, external_id: str
) -> Target | None:
    document = _collection(store, kind).find_one(
        {"account_id": account_id, "external_id": external_id}
    )
    return _from_document(kind, document) if document else None


def insert(store: Store, item: Target) -> None:
    """Raises DuplicateExternalId when the account has the external id already."""
    try:
        _collection(store, _kind(item)).insert_one(_to_document(item))
    except DuplicateKeyError:
        raise DuplicateExternalId(item.external_id) from None
    logger.info("%s %s created in %s", _kind(item).label, item.id, item.account_id)


def replace(store: Store, item: Target) -> bool:
    """Write a changed contact or deal; False when it no longer exists."""
    try:
        result = _collection(store, _kind(item)).replace_one(
            {"_id": item.id, "account_id": item.account_id}, _to_document(item)
        )
    except DuplicateKeyError:
        raise DuplicateExternalId(item.external_id) from None
    logger.info("%s %s updated", _kind(item).label, item.id)
    return bool(result.matched_count == 1)


def page_after(
    store: Store,
    account_id: str,
    kind: TargetKind,
    *,
    search: str = "",
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[Target]:
    """Up to `limit` contacts or deals by name, after the (folded name, id)
    position `after`; the position is a key, not an offset, so a page never
    shifts when something is added before it."""
    query: dict[str, Any] = {"account_id": account_id}
    if search.strip():
        query["search"] = {"$regex": re.escape(fold(search.strip()))}
    if after is not None:
        name, target_id = after
        query["$or"] = [
            {"name_lower": {"$gt": name}},
            {"name_lower": name, "_id": {"$gt": target_id}},
        ]
    documents = _collection(store, kind).find(
        query, sort=[(_SORT[kind], 1), ("_id", 1)], limit=limit
    )
    return [_from_document(kind, d) for d in documents]


def position(item: Target) -> tuple[str, str]:
    """Where an item sits in `page_after`'s order."""
    return fold(item.name), item.id


def _kind(item: Target) -> TargetKind:
    return TargetKind.CONTACT if isinstance(item, Contact) else TargetKind.DEAL
