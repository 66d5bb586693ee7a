"""Queries on `accounts`."""

from __future__ import annotations

import logging
from datetime import datetime

from pymongo.errors import DuplicateKeyError

from schemas.accounts import Account
from store.engine import Document, Store

logger = logging.getLogger(__name__)


def _from_document(document: Document) -> Account:
    return Account.model_validate(document | {"id": document["_id"]})


def get_by_slug(store: Store, slug: str) -> Account | None:
    document = store.accounts.find_one({"slug": slug})
    return _from_document(document) if document else None


def get(store: Store, account_id: str) -> Account | None:
    document = store.accounts.find_one({"_id": account_id})
    return _from_document(document) if document else None


def insert(store: Store, account: Account) -> bool:
    """False when an account with the slug exists already (a concurrent start)."""
    document = account.model_dump(exclude={"id"}) | {"_id": account.id}
    try:
        store.accounts.insert_one(document)
    except DuplicateKeyError:
        return False
    logger.info("Account %s created", account.slug)
    return True


def mark_demo_seeded(store: Store, account_id: str, at: datetime) -> None:
    store.accounts.update_one({"_id": account_id}, {"$set": {"demo_seeded_at": at}})


def list_all(store: Store) -> list[Account]:
    documents = store.accounts.find({})
    return sorted((_from_document(d) for d in documents), key=lambda a: a.slug)


def set_module(store: Store, account_id: str, module: str, enabled: bool) -> None:
    store.accounts.update_one(
        {"_id": account_id}, {"$set": {f"modules.{module}": enabled}}
    )
    logger.info("Module %s %s for %s", module, "on" if enabled else "off", account_id)
