"""Who is acting, for which account, on which store: the first argument of every
service function."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.accounts import CUSTOM_OBJECTS, Account
from services.errors import ModuleDisabled, NotFound
from store import accounts
from store.engine import Store


@dataclass(frozen=True)
class Context:
    store: Store
    account: Account
    actor: str = "system"

    @property
    def account_id(self) -> str:
        return self.account.id

    def require_custom_objects(self) -> None:
        """Refuse unless the account has the Custom Objects module switched on."""
        if not self.account.has_module(CUSTOM_OBJECTS):
            raise ModuleDisabled()


def open_context(store: Store, account_slug: str, actor: str = "system") -> Context:
    """The context of an account by its slug.

    TODO(#3): the actor becomes a signed-in user with a role and permissions.
    """
    account = accounts.get_by_slug(store, account_slug)
    if account is None:
        raise NotFound(
            f"Account '{account_slug}' does not exist; create it or check the "
            "ACCOUNT setting."
        )
    return Context(store=store, account=account, actor=actor)
