"""Who is acting, for which account, on which store: the first argument of every
service function."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.users import Permission, Role, User
from services.errors import ModuleDisabled, NotFound, PermissionDenied
from store import accounts
from store.engine import Store


@dataclass(frozen=True)
class Context:
    store: Store
    account: Account
    user: User

    @property
    def account_id(self) -> str:
        return self.account.id

    @property
    def actor(self) -> str:
        """Who the audit trail names: the user's email, or the system's name."""
        return self.user.email

    def require_custom_objects(self) -> None:
        """Refuse unless the account has the Custom Objects module switched on."""
        if not self.account.has_module(CUSTOM_OBJECTS):
            raise ModuleDisabled()

    def require(self, permission: Permission, to: str) -> None:
        """Refuse unless the acting user holds `permission`; `to` says for what,
        as in "create object types"."""
        if not self.user.can(permission):
            raise PermissionDenied(
                f"You need the '{permission.label}' permission to {to}. Ask an "
                "administrator."
            )

    @classmethod
    def system(cls, store: Store, account: Account, name: str = "system") -> Context:
        """A context acting as the system (demo seeding, operators' CLI): an
        administrator that is no user of the account."""
        user = User(
            id=f"system:{name}",
            account_id=account.id,
            email=name,
            name=name.capitalize(),
            role=Role.ADMIN,
        )
        return cls(store=store, account=account, user=user)


def load_account(store: Store, account_slug: str) -> Account:
    account = accounts.get_by_slug(store, account_slug)
    if account is None:
        raise NotFound(
            f"Account '{account_slug}' does not exist; list them with "
            "`custom-objects account list`."
        )
    return account


def open_context(store: Store, account_slug: str, actor: str = "system") -> Context:
    """A system context of an account by its slug."""
    return Context.system(store, load_account(store, account_slug), actor)


def for_user(store: Store, user: User) -> Context:
    """The context of a signed-in user, in their own account."""
    account = accounts.get(store, user.account_id)
    if account is None:
        raise NotFound(f"The account of {user.email} no longer exists.")
    return Context(store=store, account=account, user=user)
