"""The demo account: seeded once, through the services, never over a user's data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.accounts import CUSTOM_OBJECTS
from schemas.crm import Contact, Deal, TargetKind
from schemas.object_types import FieldFormat, ObjectType
from services.associations import grouped_records
from services.context import Context, open_context
from services.crm import list_targets
from services.demo import DEMO_SLUG, seed_demo
from services.demo_data import DemoData, build_demo_data
from services.object_types import list_object_types
from services.records import list_records, update_record
from store import accounts
from store.engine import COLLECTIONS, Store
from store.indexes import ensure_indexes

STAGES = {"Prospecting", "Qualified", "Proposal", "Negotiation", "Won", "Lost"}
ACCENTED = set("áàâãéêíóôõúüçñÁÉÍÓÚÇÑ")


@pytest.fixture
def empty_store() -> Store:
    store = Store.memory()
    ensure_indexes(store)
    return store


@pytest.fixture
def seeded(empty_store: Store) -> Context:
    seed_demo(empty_store)
    return open_context(empty_store, DEMO_SLUG)


def _types(ctx: Context) -> dict[str, ObjectType]:
    return {t.name: t for t in list_object_types(ctx)}


def _contacts(ctx: Context) -> list[Contact]:
    found = list_targets(ctx, TargetKind.CONTACT, page_size=200).items
    return [contact for contact in found if isinstance(contact, Contact)]


def _deals(ctx: Context) -> list[Deal]:
    found = list_targets(ctx, TargetKind.DEAL, page_size=200).items
    return [deal for deal in found if isinstance(deal, Deal)]


def _counts(store: Store) -> dict[str, int]:
    return {name: getattr(store, name).count_documents({}) for name in COLLECTIONS}


def test_seed_demo_creates_the_account_with_custom_objects_on(
    empty_store: Store,
) -> None:
    seeded_now = seed_demo(empty_store)

    account = accounts.get_by_slug(empty_store, DEMO_SLUG)
    assert seeded_now is True
    assert account is not None
    assert account.name == "Demo — Escola & Imóveis"
    assert account.has_module(CUSTOM_OBJECTS)
    assert account.demo_seeded_at is not None


def test_seed_demo_creates_contacts_and_deals(seeded: Context) -> None:
    contacts = _contacts(seeded)

    deals = _deals(seeded)

    contact_ids = {contact.id for contact in contacts}
    assert len(contacts) >= 40
    assert len(deals) >= 15
    assert all(c.email and c.phone and c.tags for c in contacts)
    assert {deal.stage for deal in deals} == STAGES
    assert all(deal.contact_id in contact_ids for deal in deals)
    assert all(deal.close_date for deal in deals)


def test_seed_demo_writes_names_with_accents(seeded: Context) -> None:
    contacts = _contacts(seeded)

    accented = [c.name for c in contacts if ACCENTED & set(c.name)]

    assert len(accented) >= 5


def test_seed_demo_stores_money_as_integer_minor_units(
    seeded: Context, empty_store: Store
) -> None:
    deal_amounts = [d["amount"] for d in empty_store.deals.find({})]
    record_amounts = [
        value
        for document in empty_store.records.find({})
        for value in document["values"].values()
        if isinstance(value, dict)
    ]

    amounts = deal_amounts + record_amounts
    assert all(type(a["amount_minor"]) is int for a in amounts)
    assert {a["currency"] for a in deal_amounts} == {"BRL", "USD"}
    assert {a["currency"] for a in record_amounts} == {"BRL", "USD"}
    assert {"amount_minor": 82050, "currency": "BRL"} in record_amounts


@pytest.mark.parametrize(
    ("type_name", "label", "key", "field_format"),
    [
        ("Course", "Name", "name", FieldFormat.TEXT),
        ("Course", "Code", "code", FieldFormat.TEXT),
        ("Course", "Level", "level", FieldFormat.LIST),
        ("Course", "Monthly fee", "monthly_fee", FieldFormat.CURRENCY),
        ("Course", "Start date", "start_date", FieldFormat.DATE),
        ("Course", "Evening", "evening", FieldFormat.YES_NO),
        ("Course", "Syllabus", "syllabus", FieldFormat.LINK),
        ("Property", "Address", "address", FieldFormat.TEXT),
        ("Property", "Bedrooms", "bedrooms", FieldFormat.NUMBER),
        ("Property", "Price", "price", FieldFormat.CURRENCY),
        ("Property", "Listed date", "listed_date", FieldFormat.DATE),
        ("Property", "Status", "status", FieldFormat.LIST),
    ],
)
def test_seed_demo_creates_object_type_fields(
    seeded: Context, type_name: str, label: str, key: str, field_format: FieldFormat
) -> None:
    object_type = _types(seeded)[type_name]

    field = object_type.field(key)

    assert field is not None
    assert (field.label, field.format) == (label, field_format)


@pytest.mark.parametrize(
    ("type_name", "icon", "primary", "list_field", "options"),
    [
        (
            "Course",
            ":material/school:",
            "name",
            "level",
            ["Básico", "Intermediário", "Avançado"],
        ),
        ("Property", "🏠", "address", "status", ["Available", "Under offer", "Sold"]),
    ],
)
def test_seed_demo_object_types_have_icon_primary_field_and_options(
    seeded: Context,
    type_name: str,
    icon: str,
    primary: str,
    list_field: str,
    options: list[str],
) -> None:
    object_type = _types(seeded)[type_name]

    field = object_type.field(list_field)

    assert object_type.icon == icon
    assert object_type.primary_field == primary
    assert object_type.primary.required
    assert field is not None
    assert [option.label for option in field.options] == options


def test_seed_demo_creates_records_through_the_services(
    seeded: Context, empty_store: Store
) -> None:
    types = _types(seeded)

    courses = list_records(seeded, types["Course"].id, page_size=200)
    properties = list_records(seeded, types["Property"].id, page_size=200)

    assert courses.total >= 8
    assert properties.total >= 8
    assert all(r.values["syllabus"].startswith("https://") for r in courses.records)
    assert {r.values["level"] for r in courses.records} == {
        "basico",
        "intermediario",
        "avancado",
    }
    assert {r.values["status"] for r in properties.records} == {
        "available",
        "under_offer",
        "sold",
    }
    actions = {e["action"] for e in empty_store.events.find({"actor": "seed"})}
    assert {"object_type.created", "record.created", "association.created"} <= actions


def test_seed_demo_links_courses_and_properties(empty_store: Store) -> None:
    seed_demo(empty_store)

    links = list(empty_store.associations.find({}))

    types = {t["_id"]: t["name"] for t in empty_store.object_types.find({})}
    labels = {
        (types[link["type_id"]], link["target_kind"], link["label"]) for link in links
    }
    assert labels == {
        ("Course", "contact", "student"),
        ("Course", "contact", "guardian"),
        ("Property", "deal", "listing"),
        ("Property", "contact", "owner"),
        ("Property", "contact", "buyer"),
    }
    assert len({link["associated_on"] for link in links}) > 10


def test_seed_demo_gives_the_first_contact_records_of_both_types(
    seeded: Context,
) -> None:
    first = list_targets(seeded, TargetKind.CONTACT, page_size=1).items[0]

    groups = grouped_records(seeded, TargetKind.CONTACT, first.id)

    assert [group.object_type.name for group in groups] == ["Course", "Property"]
    assert all(len(group.items) >= 2 for group in groups)


def test_seed_demo_twice_changes_nothing(empty_store: Store) -> None:
    seed_demo(empty_store)
    before = _counts(empty_store)

    seeded_again = seed_demo(empty_store)

    assert seeded_again is False
    assert _counts(empty_store) == before


def test_seed_demo_again_keeps_a_record_the_user_renamed(seeded: Context) -> None:
    course_type = _types(seeded)["Course"]
    course = list_records(seeded, course_type.id, page_size=1).records[0]
    update_record(seeded, course.id, course.values | {"name": "Latim Clássico"})

    seed_demo(seeded.store)

    names = [r.display_name for r in list_records(seeded, course_type.id).records]
    assert "Latim Clássico" in names
    assert course.display_name not in names


def test_seed_demo_leaves_an_existing_demo_account_alone(empty_store: Store) -> None:
    seed_demo(empty_store)
    empty_store.accounts.update_one({}, {"$unset": {"demo_seeded_at": ""}})
    before = _counts(empty_store)

    seeded_again = seed_demo(empty_store)

    assert seeded_again is False
    assert _counts(empty_store) == before


def test_seed_demo_writes_nothing_when_another_process_claimed_the_slug(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(empty_store)
    before = _counts(empty_store)
    # The other process inserted the account between this one's check and insert.
    monkeypatch.setattr(accounts, "get_by_slug", lambda store, slug: None)

    seeded_again = seed_demo(empty_store)

    assert seeded_again is False
    assert _counts(empty_store) == before


def _comparable(data: DemoData) -> dict[str, object]:
    """Everything but the ids, which are new on every build."""
    return {
        "contacts": [(c.name, c.email, c.phone, c.tags) for c in data.contacts],
        "deals": [(d.name, d.stage, d.amount, d.close_date) for d in data.deals],
        "records": data.records,
        "links": [(x.type_name, x.index, x.label, x.associated_on) for x in data.links],
    }


def test_demo_data_is_the_same_every_time() -> None:
    now = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

    first, second = build_demo_data("a1", now), build_demo_data("a2", now)

    assert _comparable(first) == _comparable(second)


@pytest.mark.embedded
def test_seed_demo_persists_on_the_embedded_engine(tmp_path: Path) -> None:
    store = Store.embedded(tmp_path)
    try:
        ensure_indexes(store)
        seeded_now = seed_demo(store)
    finally:
        store.close()

    reopened = Store.embedded(tmp_path)
    try:
        ctx = open_context(reopened, DEMO_SLUG)
        types = _types(ctx)
        contacts = list_targets(ctx, TargetKind.CONTACT, page_size=1)
        courses = list_records(ctx, types["Course"].id)
        groups = grouped_records(ctx, TargetKind.CONTACT, contacts.items[0].id)
        seeded_again = seed_demo(reopened)
    finally:
        reopened.close()

    assert seeded_now is True
    assert seeded_again is False
    assert ctx.account.demo_seeded_at is not None
    assert contacts.total >= 40
    assert set(types) == {"Course", "Property"}
    assert courses.total >= 8
    assert [group.object_type.name for group in groups] == ["Course", "Property"]
