"""Queries on `object_types`, always scoped by account."""

from __future__ import annotations

import logging
from typing import Any

from pymongo.errors import DuplicateKeyError

from schemas.object_types import ObjectType
from store.engine import Document, Store

logger = logging.getLogger(__name__)


class DuplicateObjectType(Exception):
    """Another type of the account already has this key or name."""


def _from_document(document: Document) -> ObjectType:
    return ObjectType.model_validate(document | {"id": document["_id"]})


def _to_document(object_type: ObjectType) -> Document:
    document = object_type.model_dump(mode="python", exclude={"id"})
    return document | {"_id": object_type.id, "name_lower": object_type.name.lower()}


def insert(store: Store, object_type: ObjectType) -> None:
    """Raises DuplicateObjectType when the key or the lower-cased name is taken."""
    try:
        store.object_types.insert_one(_to_document(object_type))
    except DuplicateKeyError:
        raise DuplicateObjectType(object_type.name) from None
    logger.info("Object type %s created in %s", object_type.key, object_type.account_id)


def replace(store: Store, object_type: ObjectType, *, expected_version: int) -> bool:
    """Write a changed type unless someone else changed it since it was read.

    False means the stored version moved on: the caller reloads and retries.
    """
    try:
        result = store.object_types.replace_one(
            {
                "_id": object_type.id,
                "account_id": object_type.account_id,
                "version": expected_version,
            },
            _to_document(object_type),
        )
    except DuplicateKeyError:
        raise DuplicateObjectType(object_type.name) from None
    logger.info(
        "Object type %s now at version %s", object_type.key, object_type.version
    )
    return result.matched_count == 1


def get(store: Store, account_id: str, type_id: str) -> ObjectType | None:
    document = store.object_types.find_one({"_id": type_id, "account_id": account_id})
    return _from_document(document) if document else None


def get_by_key(store: Store, account_id: str, key: str) -> ObjectType | None:
    document = store.object_types.find_one({"account_id": account_id, "key": key})
    return _from_document(document) if document else None


def find_by_name(store: Store, account_id: str, name: str) -> ObjectType | None:
    query: dict[str, Any] = {"account_id": account_id, "name_lower": name.lower()}
    document = store.object_types.find_one(query)
    return _from_document(document) if document else None


def list_all(store: Store, account_id: str) -> list[ObjectType]:
    """Every type of the account, archived ones included, by name."""
    documents = store.object_types.find({"account_id": account_id})
    return sorted(
        (_from_document(d) for d in documents), key=lambda t: t.name.casefold()
    )


def delete(store: Store, account_id: str, type_id: str) -> bool:
    result = store.object_types.delete_one({"_id": type_id, "account_id": account_id})
    logger.info("Object type %s deleted from %s", type_id, account_id)
    return result.deleted_count == 1
