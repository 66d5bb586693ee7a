"""Accounts and their modules. Custom Objects is off for every new account."""

from __future__ import annotations

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.object_types import derive_key
from schemas.users import Permission
from services.context import Context
from services.errors import Conflict, InvalidInput
from store import accounts, events
from store.engine import Store, new_id

MODULES = {CUSTOM_OBJECTS: "Custom Objects"}


def create_account(store: Store, *, name: str, slug: str = "") -> Account:
    """A new account with every module off; the slug comes from the name."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput.one(
            "name", "The account name is empty; enter one such as 'Escola Aurora'."
        )
    clean_slug = derive_key(slug or clean).replace("_", "-")
    if not clean_slug:
        raise InvalidInput.one(
            "slug", f"The account name '{clean}' needs at least one letter or digit."
        )
    account = Account(
        id=new_id(), slug=clean_slug, name=clean, modules={CUSTOM_OBJECTS: False}
    )
    if not accounts.insert(store, account):
        raise Conflict(
            f"An account with the slug '{clean_slug}' already exists; choose another "
            "name."
        )
    return account


def list_accounts(store: Store) -> list[Account]:
    return accounts.list_all(store)


def set_module(ctx: Context, module: str, *, enabled: bool) -> Account:
    """Switch a module on or off. Turning it off deletes nothing; turning it on
    again shows everything as it was."""
    ctx.require(Permission.ADMINISTER, "switch modules")
    if module not in MODULES:
        raise InvalidInput.one(
            "module",
            f"There is no module '{module}'; the modules are: {', '.join(MODULES)}.",
        )
    # The stored account, not the context's copy, which may predate another
    # administrator's switch: the audit trail's "before" must be what was.
    current = accounts.get(ctx.store, ctx.account_id) or ctx.account
    before = current.has_module(module)
    accounts.set_module(ctx.store, ctx.account_id, module, enabled)
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action=f"module.{'enabled' if enabled else 'disabled'}",
        subject=module,
        before={module: before},
        after={module: enabled},
    )
    return current.model_copy(update={"modules": current.modules | {module: enabled}})
