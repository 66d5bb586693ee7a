"""Queries on `associations`: records linked to contacts and deals."""

from __future__ import annotations

import logging
from datetime import date

from pymongo.errors import DuplicateKeyError

from schemas.associations import Association
from schemas.crm import TargetKind
from store.engine import Document, Store

logger = logging.getLogger(__name__)


class DuplicateAssociation(Exception):
    """The record is already associated with this contact or deal."""


def _from_document(document: Document) -> Association:
    return Association.model_validate(
        document
        | {
            "id": document["_id"],
            "associated_on": date.fromisoformat(document["associated_on"]),
        }
    )


def _to_document(association: Association) -> Document:
    document = association.model_dump(mode="python", exclude={"id"})
    return document | {
        "_id": association.id,
        "target_kind": association.target_kind.value,
        "associated_on": association.associated_on.isoformat(),
    }


def insert(store: Store, association: Association) -> None:
    """The unique index on record and target refuses a second link."""
    try:
        store.associations.insert_one(_to_document(association))
    except DuplicateKeyError:
        raise DuplicateAssociation(association.record_id) from None
    logger.info(
        "Record %s associated with %s %s",
        association.record_id,
        association.target_kind.value,
        association.target_id,
    )


def find_for_pair(
    store: Store, account_id: str, record_id: str, kind: TargetKind, target_id: str
) -> Association | None:
    document = store.associations.find_one(
        {
            "account_id": account_id,
            "record_id": record_id,
            "target_kind": kind.value,
            "target_id": target_id,
        }
    )
    return _from_document(document) if document else None


def get(store: Store, account_id: str, association_id: str) -> Association | None:
    document = store.associations.find_one(
        {"_id": association_id, "account_id": account_id}
    )
    return _from_document(document) if document else None


def for_target(
    store: Store, account_id: str, kind: TargetKind, target_id: str
) -> list[Association]:
    documents = store.associations.find(
        {"account_id": account_id, "target_kind": kind.value, "target_id": target_id}
    )
    return [_from_document(d) for d in documents]


def for_record(store: Store, account_id: str, record_id: str) -> list[Association]:
    documents = store.associations.find(
        {"account_id": account_id, "record_id": record_id}
    )
    return [_from_document(d) for d in documents]


def delete(store: Store, account_id: str, association_id: str) -> bool:
    result = store.associations.delete_one(
        {"_id": association_id, "account_id": account_id}
    )
    logger.info("Association %s removed", association_id)
    return result.deleted_count == 1


def delete_for_record(store: Store, account_id: str, record_id: str) -> int:
    result = store.associations.delete_many(
        {"account_id": account_id, "record_id": record_id}
    )
    return result.deleted_count


def set_label(store: Store, account_id: str, association_id: str, label: str) -> None:
    store.associations.update_one(
        {"_id": association_id, "account_id": account_id}, {"$set": {"label": label}}
    )
