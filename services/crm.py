"""Contacts and deals: the standard CRM records, browsed and linked to.

They belong to the CRM, not to the Custom Objects module, so reading them works
whether or not the module is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.crm import Contact, Deal, TargetKind
from services.context import Context
from services.errors import NotFound
from store import crm

PAGE_SIZE_MAX = 200


@dataclass(frozen=True)
class TargetPage:
    items: list[Contact | Deal]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def list_targets(
    ctx: Context,
    kind: TargetKind,
    *,
    search: str = "",
    page: int = 1,
    page_size: int = 25,
) -> TargetPage:
    """A page of contacts or deals by name; `search` matches name or email."""
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    page = max(1, page)
    items, total = crm.page(
        ctx.store,
        ctx.account_id,
        kind,
        search=search,
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return TargetPage(items=items, total=total, page=page, page_size=page_size)


def get_target(ctx: Context, kind: TargetKind, target_id: str) -> Contact | Deal:
    """The contact or deal with this id in the account; NotFound otherwise."""
    found = crm.get(ctx.store, ctx.account_id, kind, target_id)
    if found is None:
        raise NotFound(
            f"{kind.label} '{target_id}' does not exist in this account; pick one "
            f"from the {kind.value}s list."
        )
    return found
