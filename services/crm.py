"""Contacts and deals: the standard CRM records, browsed, linked to, and kept in
step with integrations by their external ids.

They belong to the CRM, not to the Custom Objects module, so they work whether
or not the module is on; writing them needs the "Edit contacts and deals"
permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from email_validator import EmailNotValidError, validate_email

from schemas.crm import Contact, ContactInput, Deal, DealInput, TargetKind
from schemas.money import Money, MoneyAmount, MoneyError, parse_money
from schemas.users import Permission
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound, Problem
from services.pagination import clean_limit, decode_cursor, encode_cursor
from store import crm, events
from store.engine import new_id

PAGE_SIZE_MAX = 200
NAME_MAX_LENGTH = 80
DEAL_NAME_MAX_LENGTH = 200
PHONE_MAX_LENGTH = 40
TAG_MAX_LENGTH = 40
TAGS_MAX = 50
EXTERNAL_ID_MAX_LENGTH = 200

T = TypeVar("T", Contact, Deal)


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


def get_target_by_external_id(
    ctx: Context, kind: TargetKind, external_id: str
) -> Contact | Deal:
    """The contact or deal an integration knows by its own id; NotFound otherwise."""
    found = crm.get_by_external_id(ctx.store, ctx.account_id, kind, external_id)
    if found is None:
        raise NotFound(
            f"No {kind.value} has the external id '{external_id}' in this account; "
            f"create it first with PUT /{kind.value}s/by-external-id/{external_id}."
        )
    return found


# --- lists by cursor ----------------------------------------------------------


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a list read by cursor; `next_cursor` is None on the last."""

    items: list[T]
    next_cursor: str | None


def _slice(
    ctx: Context, kind: TargetKind, model: type[T], search: str, cursor: str, limit: int
) -> Slice[T]:
    limit = clean_limit(limit)
    after = None
    if cursor:
        name, target_id = decode_cursor(cursor, 2)
        after = (str(name), str(target_id))
    found = crm.page_after(
        ctx.store, ctx.account_id, kind, search=search, after=after, limit=limit + 1
    )
    items = [item for item in found[:limit] if isinstance(item, model)]
    more = len(found) > limit
    return Slice(
        items=items,
        next_cursor=encode_cursor(*crm.position(items[-1])) if more else None,
    )


def list_contacts(
    ctx: Context, *, search: str = "", cursor: str = "", limit: int = 50
) -> Slice[Contact]:
    """Contacts by name from a cursor; `search` matches name or email."""
    return _slice(ctx, TargetKind.CONTACT, Contact, search, cursor, limit)


def list_deals(
    ctx: Context, *, search: str = "", cursor: str = "", limit: int = 50
) -> Slice[Deal]:
    """Deals by name from a cursor; `search` matches the name."""
    return _slice(ctx, TargetKind.DEAL, Deal, search, cursor, limit)


# --- writes -------------------------------------------------------------------


def _now() -> datetime:
    """Now, to the millisecond: what the engines store and give back."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _text(value: str, field: str, label: str, limit: int, example: str = "") -> str:
    """Whitespace folded; required when an example is given."""
    text = " ".join(value.split())
    if not text and example:
        raise InvalidInput.one(
            field, f"Field '{label}' is required; enter one such as '{example}'."
        )
    if len(text) > limit:
        raise InvalidInput.one(
            field,
            f"Field '{label}' is {len(text)} characters long; keep it within {limit}.",
        )
    return text


def _email(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return validate_email(
            value.strip(), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput.one(
            "email",
            f"Field 'Email' has '{value}', which is not valid: "
            f"{str(exc).rstrip('.')}. Enter one like ana@example.com.",
        ) from None


def _tags(values: list[str]) -> list[str]:
    tags: list[str] = []
    for value in values:
        tag = _text(value, "tags", "Tags", TAG_MAX_LENGTH)
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise InvalidInput.one(
            "tags", f"Field 'Tags' has {len(tags)} tags; keep it within {TAGS_MAX}."
        )
    return tags


def _clean_external_id(external_id: str | None) -> str | None:
    if external_id is None or not external_id.strip():
        return None
    clean = external_id.strip()
    if len(clean) > EXTERNAL_ID_MAX_LENGTH:
        raise InvalidInput.one(
            "external_id",
            f"The external id is {len(clean)} characters long; keep it within "
            f"{EXTERNAL_ID_MAX_LENGTH}.",
        )
    return clean


def _required_external_id(external_id: str) -> str:
    clean = _clean_external_id(external_id)
    if clean is None:
        raise InvalidInput.one(
            "external_id",
            "The external id is empty; give the id your system knows it by.",
        )
    return clean


def _contact(ctx: Context, spec: ContactInput, external_id: str | None) -> Contact:
    return Contact(
        id=new_id(),
        account_id=ctx.account_id,
        first_name=_text(
            spec.first_name, "first_name", "First name", NAME_MAX_LENGTH, "Ana"
        ),
        last_name=_text(spec.last_name, "last_name", "Last name", NAME_MAX_LENGTH),
        email=_email(spec.email),
        phone=_text(spec.phone, "phone", "Phone", PHONE_MAX_LENGTH),
        tags=_tags(spec.tags),
        external_id=external_id,
        created_at=_now(),
    )


def _amount(amount: MoneyAmount | None) -> Money | None:
    if amount is None:
        return None
    try:
        return parse_money(amount.amount, amount.currency)
    except MoneyError as exc:
        raise InvalidInput.one("amount", f"Field 'Amount' {exc}.") from None


def _deal(ctx: Context, spec: DealInput, external_id: str | None) -> Deal:
    name = _text(spec.name, "name", "Name", DEAL_NAME_MAX_LENGTH, "School contract")
    stage = _text(spec.stage, "stage", "Stage", NAME_MAX_LENGTH, "Qualified")
    amount = _amount(spec.amount)
    contact_id = (spec.contact_id or "").strip() or None
    if contact_id and not crm.get(
        ctx.store, ctx.account_id, TargetKind.CONTACT, contact_id
    ):
        message = (
            f"Contact '{contact_id}' does not exist in this account; give the id of "
            "one of its contacts, or leave contact_id out."
        )
        raise NotFound(message, problems=[Problem("contact_id", message)])
    return Deal(
        id=new_id(),
        account_id=ctx.account_id,
        name=name,
        stage=stage,
        amount=amount,
        contact_id=contact_id,
        close_date=spec.close_date.isoformat() if spec.close_date else None,
        external_id=external_id,
        created_at=_now(),
    )


def _kind(item: Contact | Deal) -> TargetKind:
    return TargetKind.CONTACT if isinstance(item, Contact) else TargetKind.DEAL


def _audit(ctx: Context, action: str, item: T, before: T | None = None) -> None:
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action=f"{_kind(item).value}.{action}",
        subject=item.id,
        before=before.model_dump(mode="json") if before else None,
        after=item.model_dump(mode="json"),
    )


def _insert(ctx: Context, item: T) -> T:
    kind = _kind(item)
    try:
        crm.insert(ctx.store, item)
    except crm.DuplicateExternalId:
        raise Conflict(
            f"Another {kind.value} already has the external id '{item.external_id}'; "
            f"use a different one, or update that {kind.value} by its external id."
        ) from None
    _audit(ctx, "created", item)
    return item


def _upsert(ctx: Context, item: T) -> tuple[T, bool]:
    """Create `item`, or update the one with its external id; True when created.

    Two requests racing on a new external id end on one contact or deal: the
    unique index lets the first insert and the other updates what it inserted.
    """
    kind = _kind(item)
    external_id = str(item.external_id)
    current = crm.get_by_external_id(ctx.store, ctx.account_id, kind, external_id)
    if current is None:
        try:
            crm.insert(ctx.store, item)
        except crm.DuplicateExternalId:
            current = crm.get_by_external_id(
                ctx.store, ctx.account_id, kind, external_id
            )
        else:
            _audit(ctx, "created", item)
            return item, True
    if not isinstance(current, type(item)):  # pragma: no cover - deleted meanwhile
        raise Conflict(
            f"The {kind.value} with the external id '{external_id}' changed "
            "meanwhile; send the request again."
        )
    updated = item.model_copy(
        update={"id": current.id, "created_at": current.created_at}
    )
    if updated == current:
        return current, False

    if not crm.replace(ctx.store, updated):  # pragma: no cover - deleted meanwhile
        raise NotFound(
            f"The {kind.value} with the external id '{external_id}' was deleted "
            "meanwhile; send the request again to create it."
        )
    _audit(ctx, "updated", updated, before=current)
    return updated, False


def create_contact(
    ctx: Context, spec: ContactInput, *, external_id: str | None = None
) -> Contact:
    """A new contact; Conflict when another has the external id."""
    ctx.require(Permission.EDIT_CRM, "create contacts")
    return _insert(ctx, _contact(ctx, spec, _clean_external_id(external_id)))


def upsert_contact(
    ctx: Context, external_id: str, spec: ContactInput
) -> tuple[Contact, bool]:
    """The one contact with this external id, created (True) or replaced by
    `spec`; unchanged values write nothing."""
    ctx.require(Permission.EDIT_CRM, "create and update contacts")
    return _upsert(ctx, _contact(ctx, spec, _required_external_id(external_id)))


def create_deal(
    ctx: Context, spec: DealInput, *, external_id: str | None = None
) -> Deal:
    """A new deal; its contact must be one of the account's."""
    ctx.require(Permission.EDIT_CRM, "create deals")
    return _insert(ctx, _deal(ctx, spec, _clean_external_id(external_id)))


def upsert_deal(ctx: Context, external_id: str, spec: DealInput) -> tuple[Deal, bool]:
    """The one deal with this external id, created (True) or replaced by `spec`;
    unchanged values write nothing."""
    ctx.require(Permission.EDIT_CRM, "create and update deals")
    return _upsert(ctx, _deal(ctx, spec, _required_external_id(external_id)))
