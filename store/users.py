"""Queries on `users`: unique by account and email (stored lower-cased)."""

from __future__ import annotations

import logging
from typing import Any

from pymongo.errors import DuplicateKeyError

from schemas.users import User
from store.engine import Document, Store

logger = logging.getLogger(__name__)


class DuplicateUser(Exception):
    """The account already has a user with this email."""


def _from_document(document: Document) -> User:
    return User.model_validate(document | {"id": document["_id"]})


def insert(store: Store, user: User) -> None:
    document = user.model_dump(exclude={"id"}) | {"_id": user.id}
    try:
        store.users.insert_one(document)
    except DuplicateKeyError:
        raise DuplicateUser(user.email) from None
    logger.info("User %s created in %s", user.id, user.account_id)


def get(store: Store, account_id: str, user_id: str) -> User | None:
    document = store.users.find_one({"_id": user_id, "account_id": account_id})
    return _from_document(document) if document else None


def find_by_email(store: Store, email: str) -> list[User]:
    """Users with this email in any account: sign-in comes before an account."""
    return [_from_document(d) for d in store.users.find({"email": email.lower()})]


def list_for_account(store: Store, account_id: str) -> list[User]:
    documents = store.users.find({"account_id": account_id})
    return sorted((_from_document(d) for d in documents), key=lambda u: u.email)


def update(
    store: Store, account_id: str, user_id: str, changes: dict[str, Any]
) -> None:
    store.users.update_one(
        {"_id": user_id, "account_id": account_id}, {"$set": changes}
    )
    logger.info("User %s updated: %s", user_id, ", ".join(sorted(changes)))
