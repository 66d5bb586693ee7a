"""Queries on `contacts` and `deals`, the records associations point at."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from schemas.crm import Contact, Deal, TargetKind
from store.engine import Document, Store
from store.records import fold

Target = Contact | Deal
_MODELS: dict[TargetKind, type[Contact] | type[Deal]] = {
    TargetKind.CONTACT: Contact,
    TargetKind.DEAL: Deal,
}
_SORT = {TargetKind.CONTACT: "name_lower", TargetKind.DEAL: "name_lower"}


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
