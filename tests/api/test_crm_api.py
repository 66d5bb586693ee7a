"""/v1/contacts and /v1/deals: created, listed a page at a time by cursor, and
kept in step by external id (201 created, 200 updated), whoever races."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.crm import ContactInput, TargetKind
from services import crm
from services.context import Context
from store import events
from store.engine import Store
from tests.api.conftest import error_of
from tests.factories import make_contact, make_deal, on_every_engine

ANA = {
    "first_name": "Ana",
    "last_name": "Silva",
    "email": "Ana@Example.com",
    "phone": "+55 11 99999-0000",
    "tags": ["parent", "Parent", " vip "],
}


def _problems(response: Any) -> list[tuple[str, str]]:
    return [(d["field"], d["message"]) for d in error_of(response)["details"]]


def _all_pages(api: TestClient, url: str, limit: int) -> list[list[str]]:
    pages, cursor = [], ""
    while True:
        body = api.get(url, params={"limit": limit, "cursor": cursor}).json()
        pages.append([item["name"] for item in body["data"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


# --- contacts -----------------------------------------------------------------


def test_create_contact_answers_201_with_the_cleaned_contact(
    writer: TestClient,
) -> None:
    response = writer.post("/v1/contacts", json=ANA | {"external_id": " CRM-1 "})

    body = response.json()
    assert response.status_code == 201
    assert {k: v for k, v in body.items() if k not in {"id", "created_at"}} == {
        "name": "Ana Silva",
        "first_name": "Ana",
        "last_name": "Silva",
        "email": "ana@example.com",
        "phone": "+55 11 99999-0000",
        "tags": ["parent", "vip"],
        "external_id": "CRM-1",
    }
    assert writer.get(f"/v1/contacts/{body['id']}").json() == body


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"first_name": " "},
            [
                (
                    "first_name",
                    "Field 'First name' is required; enter one such as 'Ana'.",
                )
            ],
        ),
        (
            {"first_name": "Ana", "email": "ana@"},
            [
                (
                    "email",
                    "Field 'Email' has 'ana@', which is not valid: There must be "
                    "something after the @-sign. Enter one like ana@example.com.",
                )
            ],
        ),
        (
            {"first_name": "A" * 81},
            [
                (
                    "first_name",
                    "Field 'First name' is 81 characters long; keep it within 80.",
                )
            ],
        ),
        (
            {"first_name": "Ana", "tags": ["t" * 41]},
            [("tags", "Field 'Tags' is 41 characters long; keep it within 40.")],
        ),
        (
            {"first_name": "Ana", "external_id": "x" * 201},
            [
                (
                    "external_id",
                    "The external id is 201 characters long; keep it within 200.",
                )
            ],
        ),
    ],
)
def test_create_contact_refuses_bad_values(
    writer: TestClient, store: Store, body: dict[str, Any], problems: Any
) -> None:
    response = writer.post("/v1/contacts", json=body)

    assert response.status_code == 422
    assert _problems(response) == problems
    assert store.contacts.count_documents({}) == 0


def test_create_contact_refuses_an_external_id_in_use(
    writer: TestClient, ctx: Context
) -> None:
    make_contact(ctx, external_id="CRM-1")

    response = writer.post(
        "/v1/contacts", json={"first_name": "Bia", "external_id": "CRM-1"}
    )

    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "Another contact already has the external id 'CRM-1'; use a different one, "
        "or update that contact by its external id."
    )


def test_contacts_are_listed_by_name_a_page_at_a_time(
    writer: TestClient, ctx: Context
) -> None:
    for first in ["Érica", "bruno", "Ana", "Carla", "Dora", "ana"]:
        make_contact(ctx, first, "")

    pages = _all_pages(writer, "/v1/contacts", limit=2)

    assert pages == [["Ana", "ana"], ["bruno", "Carla"], ["Dora", "Érica"]]


def test_a_page_does_not_shift_when_a_contact_is_added_before_it(
    writer: TestClient, ctx: Context
) -> None:
    for first in ["Bia", "Caio", "Duda"]:
        make_contact(ctx, first, "")
    first_page = writer.get("/v1/contacts", params={"limit": 2}).json()

    make_contact(ctx, "Alice", "")
    second_page = writer.get(
        "/v1/contacts", params={"limit": 2, "cursor": first_page["next_cursor"]}
    ).json()

    assert [c["name"] for c in first_page["data"]] == ["Bia", "Caio"]
    assert [c["name"] for c in second_page["data"]] == ["Duda"]
    assert second_page["next_cursor"] is None


def test_search_matches_name_or_email_ignoring_case_and_accents(
    writer: TestClient, ctx: Context
) -> None:
    make_contact(ctx, "José", "Souza")
    make_contact(ctx, "Ana", "Silva", email="ana@escola.example")
    make_contact(ctx, "Bruno", "Lima")

    by_name = writer.get("/v1/contacts", params={"search": "jose"}).json()
    by_email = writer.get("/v1/contacts", params={"search": "ESCOLA"}).json()

    assert [c["name"] for c in by_name["data"]] == ["José Souza"]
    assert [c["name"] for c in by_email["data"]] == ["Ana Silva"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WzFd", "W10"])
def test_a_cursor_this_api_did_not_give_is_refused(
    writer: TestClient, cursor: str
) -> None:
    response = writer.get("/v1/contacts", params={"cursor": cursor})

    assert response.status_code == 422
    assert _problems(response) == [
        (
            "cursor",
            f"The cursor '{cursor}' is not one this list gave; pass the next_cursor "
            "of the previous page as it is, or leave it out to start from the "
            "first page.",
        )
    ]


def test_put_by_external_id_creates_then_updates_the_one_contact(
    writer: TestClient, store: Store, ctx: Context
) -> None:
    created = writer.put("/v1/contacts/by-external-id/CRM-7", json=ANA)
    updated = writer.put(
        "/v1/contacts/by-external-id/CRM-7",
        json={"first_name": "Ana", "last_name": "Souza"},
    )

    assert (created.status_code, updated.status_code) == (201, 200)
    assert created.json()["id"] == updated.json()["id"]
    assert created.json()["created_at"] == updated.json()["created_at"]
    assert (updated.json()["name"], updated.json()["email"]) == ("Ana Souza", "")
    assert store.contacts.count_documents({}) == 1
    actions = [e["action"] for e in events.recent(store, ctx.account_id)]
    assert actions[:2] == ["contact.updated", "contact.created"]


def test_put_with_the_same_values_writes_nothing(
    writer: TestClient, store: Store, ctx: Context
) -> None:
    writer.put("/v1/contacts/by-external-id/CRM-7", json=ANA)
    audited = store.events.count_documents({})

    again = writer.put("/v1/contacts/by-external-id/CRM-7", json=ANA)

    assert again.status_code == 200
    assert store.events.count_documents({}) == audited


def test_put_refuses_bad_values_and_creates_nothing(
    writer: TestClient, store: Store
) -> None:
    response = writer.put(
        "/v1/contacts/by-external-id/CRM-7", json={"first_name": "", "email": "x"}
    )

    assert response.status_code == 422
    assert _problems(response) == [
        ("first_name", "Field 'First name' is required; enter one such as 'Ana'.")
    ]
    assert store.contacts.count_documents({}) == 0


def test_put_refuses_an_external_id_of_spaces(writer: TestClient) -> None:
    response = writer.put("/v1/contacts/by-external-id/%20%20", json=ANA)

    assert response.status_code == 422
    assert _problems(response) == [
        (
            "external_id",
            "The external id is empty; give the id your system knows it by.",
        )
    ]


@on_every_engine
def test_racing_upserts_of_the_same_external_ids_end_with_one_contact_each(
    ctx: Context,
) -> None:
    ids = [f"CRM-{n}" for n in range(25)]

    def upsert_all(worker: int) -> list[bool]:
        return [
            crm.upsert_contact(
                ctx, external_id, ContactInput(first_name=f"Ana {worker}")
            )[1]
            for external_id in ids
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = [flag for flags in pool.map(upsert_all, range(8)) for flag in flags]

    assert sum(created) == 25
    assert ctx.store.contacts.count_documents({"account_id": ctx.account_id}) == 25
    listed = crm.list_contacts(ctx, limit=200).items
    assert sorted(c.external_id or "" for c in listed) == sorted(ids)


# --- deals --------------------------------------------------------------------


def test_create_deal_answers_201_with_money_as_a_decimal_string(
    writer: TestClient, ctx: Context
) -> None:
    contact = make_contact(ctx)

    response = writer.post(
        "/v1/deals",
        json={
            "name": "School contract",
            "stage": "Proposal",
            "amount": {"amount": "10680.5", "currency": "brl"},
            "contact_id": contact.id,
            "close_date": "2025-03-01",
        },
    )

    body = response.json()
    assert response.status_code == 201
    assert {k: v for k, v in body.items() if k not in {"id", "created_at"}} == {
        "name": "School contract",
        "stage": "Proposal",
        "amount": {"amount": "10680.50", "currency": "BRL"},
        "contact_id": contact.id,
        "close_date": "2025-03-01",
        "external_id": None,
    }
    assert ctx.store.deals.find_one({})["amount"] == {
        "amount_minor": 1068050,
        "currency": "BRL",
    }


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ({"amount": 1250, "currency": "JPY"}, {"amount": "1250", "currency": "JPY"}),
        ({"amount": 12.5, "currency": "USD"}, {"amount": "12.50", "currency": "USD"}),
        (
            {"amount": "0.125", "currency": "KWD"},
            {"amount": "0.125", "currency": "KWD"},
        ),
        (None, None),
    ],
)
def test_deal_amounts_keep_the_currency_precision(
    writer: TestClient, amount: Any, expected: Any
) -> None:
    response = writer.post(
        "/v1/deals", json={"name": "Contract", "stage": "Won", "amount": amount}
    )

    assert response.json()["amount"] == expected


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"name": "", "stage": "Won"},
            [
                (
                    "name",
                    "Field 'Name' is required; enter one such as 'School contract'.",
                )
            ],
        ),
        (
            {"name": "Contract", "stage": " "},
            [("stage", "Field 'Stage' is required; enter one such as 'Qualified'.")],
        ),
        (
            {
                "name": "Contract",
                "stage": "Won",
                "amount": {"amount": "12.345", "currency": "BRL"},
            },
            [
                (
                    "amount",
                    "Field 'Amount' allows at most 2 decimal places in BRL, like "
                    "12.50; got '12.345'.",
                )
            ],
        ),
        (
            {
                "name": "Contract",
                "stage": "Won",
                "amount": {"amount": "ten", "currency": "BRL"},
            },
            [("amount", "Field 'Amount' expects an amount like 12.50; got 'ten'.")],
        ),
        (
            {
                "name": "Contract",
                "stage": "Won",
                "amount": {"amount": "10", "currency": "XYZ"},
            },
            [
                (
                    "amount",
                    "Field 'Amount' has an unknown currency code 'XYZ'; use an ISO "
                    "4217 code such as BRL or USD.",
                )
            ],
        ),
    ],
)
def test_create_deal_refuses_bad_values(
    writer: TestClient, store: Store, body: dict[str, Any], problems: Any
) -> None:
    response = writer.post("/v1/deals", json=body)

    assert response.status_code == 422
    assert _problems(response) == problems
    assert store.deals.count_documents({}) == 0


def test_deals_are_listed_by_name_a_page_at_a_time(
    writer: TestClient, ctx: Context
) -> None:
    for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"]:
        make_deal(ctx, name)

    pages = _all_pages(writer, "/v1/deals", limit=2)

    assert pages == [["alpha", "Bravo"], ["Charlie", "Delta"], ["Echo"]]


def test_put_deal_by_external_id_creates_then_updates(
    writer: TestClient, store: Store
) -> None:
    body = {"name": "Contract", "stage": "Proposal"}

    created = writer.put("/v1/deals/by-external-id/ERP-1", json=body)
    updated = writer.put("/v1/deals/by-external-id/ERP-1", json=body | {"stage": "Won"})

    assert (created.status_code, updated.status_code) == (201, 200)
    assert updated.json()["stage"] == "Won"
    assert updated.json()["id"] == created.json()["id"]
    assert store.deals.count_documents({}) == 1


# --- another account ----------------------------------------------------------


def test_another_account_contacts_and_deals_are_not_found(
    outsider: TestClient, ctx: Context
) -> None:
    contact, deal = make_contact(ctx), make_deal(ctx)

    contact_answer = outsider.get(f"/v1/contacts/{contact.id}")
    deal_answer = outsider.get(f"/v1/deals/{deal.id}")
    listed = outsider.get("/v1/contacts").json()

    assert (contact_answer.status_code, deal_answer.status_code) == (404, 404)
    assert error_of(contact_answer)["message"] == (
        f"Contact '{contact.id}' does not exist in this account; pick one from the "
        "contacts list."
    )
    assert listed == {"data": [], "next_cursor": None}


def test_a_deal_cannot_name_another_account_contact(
    outsider: TestClient, ctx: Context, store: Store
) -> None:
    theirs = make_contact(ctx)

    response = outsider.post(
        "/v1/deals", json={"name": "Contract", "stage": "Won", "contact_id": theirs.id}
    )

    assert response.status_code == 404
    assert _problems(response) == [
        (
            "contact_id",
            f"Contact '{theirs.id}' does not exist in this account; give the id of "
            "one of its contacts, or leave contact_id out.",
        )
    ]
    assert store.deals.count_documents({}) == 0


def test_the_same_external_id_in_two_accounts_is_two_contacts(
    writer: TestClient, outsider: TestClient, ctx: Context, store: Store
) -> None:
    mine = writer.put("/v1/contacts/by-external-id/CRM-1", json=ANA)

    theirs = outsider.put(
        "/v1/contacts/by-external-id/CRM-1", json={"first_name": "Other"}
    )

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert store.contacts.count_documents({}) == 2
    kept = crm.get_target(ctx, TargetKind.CONTACT, mine.json()["id"])
    assert kept.name == "Ana Silva"
