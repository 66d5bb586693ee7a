"""services.crm writes and cursor lists: contacts and deals created and upserted
by external id, and read a page at a time on every engine."""

from __future__ import annotations

import pytest

from schemas.crm import ContactInput, DealInput
from schemas.money import Money, MoneyAmount
from services import crm
from services.context import Context
from services.errors import Conflict, InvalidInput
from services.pagination import encode_cursor
from tests.factories import make_contact, make_deal, on_every_engine


@on_every_engine
def test_contacts_by_cursor_visit_each_once_in_name_order(ctx: Context) -> None:
    names = ["Bia", "ana", "Ana", "Ágata", "Caio", "bia", "Davi"]
    for first in names:
        make_contact(ctx, first, "")

    seen: list[str] = []
    cursor = ""
    while True:
        page = crm.list_contacts(ctx, cursor=cursor, limit=2)
        seen += [c.name for c in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    # Folded names first (accents and case ignored), then creation order.
    assert seen == ["Ágata", "ana", "Ana", "Bia", "bia", "Caio", "Davi"]


@on_every_engine
def test_deals_by_cursor_with_a_search(ctx: Context) -> None:
    for name in ["Contrato A", "Contrato B", "Outro", "Contrato C"]:
        make_deal(ctx, name)

    first = crm.list_deals(ctx, search="contrato", limit=2)
    second = crm.list_deals(ctx, search="contrato", cursor=first.next_cursor or "")

    assert [d.name for d in first.items] == ["Contrato A", "Contrato B"]
    assert [d.name for d in second.items] == ["Contrato C"]
    assert second.next_cursor is None


@pytest.mark.parametrize("limit", [0, 201, -5])
def test_a_limit_out_of_range_is_refused(ctx: Context, limit: int) -> None:
    with pytest.raises(InvalidInput) as raised:
        crm.list_contacts(ctx, limit=limit)

    assert raised.value.message == (
        f"The limit must be between 1 and 200; got {limit}."
    )


@pytest.mark.parametrize(
    "cursor", ["%%%", encode_cursor("only one"), encode_cursor("a", "b", "c")]
)
def test_a_foreign_cursor_is_refused(ctx: Context, cursor: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        crm.list_contacts(ctx, cursor=cursor)

    assert [p.field for p in raised.value.problems] == ["cursor"]


def test_create_contact_is_audited(ctx: Context) -> None:
    contact = crm.create_contact(ctx, ContactInput(first_name=" Ana ", tags=["a"]))

    [event] = ctx.store.events.find({"action": "contact.created"})
    assert (contact.first_name, contact.tags) == ("Ana", ["a"])
    assert (event["subject"], event["actor"]) == (contact.id, ctx.actor)


def test_create_contact_refuses_a_taken_external_id(ctx: Context) -> None:
    crm.create_contact(ctx, ContactInput(first_name="Ana"), external_id="CRM-1")

    with pytest.raises(Conflict):
        crm.create_contact(ctx, ContactInput(first_name="Bia"), external_id="CRM-1")

    assert ctx.store.contacts.count_documents({}) == 1


def test_upsert_contact_replaces_every_value_and_keeps_id_and_creation(
    ctx: Context,
) -> None:
    first, created = crm.upsert_contact(
        ctx, "CRM-1", ContactInput(first_name="Ana", email="ana@example.com")
    )

    second, again = crm.upsert_contact(ctx, "CRM-1", ContactInput(first_name="Ana"))

    assert (created, again) == (True, False)
    assert (second.id, second.email) == (first.id, "")
    assert second.created_at == first.created_at


def test_upsert_deal_keeps_money_exact(ctx: Context) -> None:
    spec = DealInput(
        name="Contract", stage="Won", amount=MoneyAmount(amount="0.10", currency="USD")
    )

    deal, _ = crm.upsert_deal(ctx, "ERP-1", spec)

    assert deal.amount == Money(amount_minor=10, currency="USD")
    assert ctx.store.deals.find_one({})["amount"] == {
        "amount_minor": 10,
        "currency": "USD",
    }
