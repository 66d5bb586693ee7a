"""services.accounts: accounts start with every module off; switching Custom
Objects off refuses every call of the module and deletes nothing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.crm import TargetKind
from schemas.object_types import FieldFormat, FieldInput
from schemas.users import Role
from services import accounts, associations, crm, object_types, records
from services.context import Context, load_account
from services.errors import Conflict, InvalidInput, ModuleDisabled
from store import events
from store.engine import COLLECTIONS, Store
from tests.factories import (
    context_as,
    make_contact,
    make_deal,
    make_object_type,
    make_record,
)

MODULE_OFF = (
    "Custom Objects is not enabled for this account. Ask an administrator to "
    "enable it in Settings → Modules."
)


def _everything(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {
        name: sorted(getattr(store, name).find({}), key=lambda d: d["_id"])
        for name in COLLECTIONS
    }


def _reloaded(ctx: Context) -> Context:
    """The context a next request builds: the stored account, the same user."""
    return Context(ctx.store, load_account(ctx.store, ctx.account.slug), ctx.user)


@dataclass(frozen=True)
class Ids:
    type_id: str = "missing"
    record_id: str = "missing"
    contact_id: str = "missing"
    deal_id: str = "missing"
    link_id: str = "missing"


# Every function of the module, as (name, call).
MODULE_CALLS: list[tuple[str, Callable[[Context, Ids], object]]] = [
    ("list_object_types", lambda c, i: object_types.list_object_types(c)),
    ("get_object_type", lambda c, i: object_types.get_object_type(c, i.type_id)),
    (
        "create_object_type",
        lambda c, i: object_types.create_object_type(c, name="Room"),
    ),
    (
        "update_object_type",
        lambda c, i: object_types.update_object_type(
            c, i.type_id, name="", plural="", icon="", description=""
        ),
    ),
    (
        "add_field",
        lambda c, i: object_types.add_field(
            c, i.type_id, FieldInput(label="Seats", format=FieldFormat.NUMBER)
        ),
    ),
    (
        "update_field",
        lambda c, i: object_types.update_field(c, i.type_id, "name", label="Title"),
    ),
    ("move_field", lambda c, i: object_types.move_field(c, i.type_id, "name", 1)),
    ("remove_field", lambda c, i: object_types.remove_field(c, i.type_id, "name")),
    (
        "set_primary_field",
        lambda c, i: object_types.set_primary_field(c, i.type_id, "name"),
    ),
    (
        "archive_object_type",
        lambda c, i: object_types.archive_object_type(c, i.type_id),
    ),
    (
        "restore_object_type",
        lambda c, i: object_types.restore_object_type(c, i.type_id),
    ),
    ("delete_object_type", lambda c, i: object_types.delete_object_type(c, i.type_id)),
    ("list_records", lambda c, i: records.list_records(c, i.type_id)),
    ("get_record", lambda c, i: records.get_record(c, i.record_id)),
    (
        "create_record",
        lambda c, i: records.create_record(c, i.type_id, {"name": "Calculus"}),
    ),
    (
        "update_record",
        lambda c, i: records.update_record(c, i.record_id, {"name": "Algebra II"}),
    ),
    ("delete_record", lambda c, i: records.delete_record(c, i.record_id)),
    (
        "upsert_record",
        lambda c, i: records.upsert_record(c, i.type_id, "crm-1", {"name": "Calculus"}),
    ),
    ("patch_record", lambda c, i: records.patch_record(c, i.record_id, {"name": "X"})),
    (
        "batch_upsert",
        lambda c, i: records.batch_upsert(
            c, i.type_id, [records.BatchItem("crm-1", {"name": "Calculus"})]
        ),
    ),
    ("find_records", lambda c, i: records.find_records(c, i.type_id)),
    (
        "get_record_by_external_id",
        lambda c, i: records.get_record_by_external_id(c, i.type_id, "crm-1"),
    ),
    (
        "link",
        lambda c, i: associations.link(
            c, record_id=i.record_id, kind=TargetKind.CONTACT, target_id=i.contact_id
        ),
    ),
    (
        "associate",
        lambda c, i: associations.associate(
            c, record_id=i.record_id, kind=TargetKind.CONTACT, target_id=i.contact_id
        ),
    ),
    (
        "associate",
        lambda c, i: associations.associate(
            c, record_id=i.record_id, kind=TargetKind.DEAL, target_id=i.deal_id
        ),
    ),
    ("disassociate", lambda c, i: associations.disassociate(c, i.link_id)),
    (
        "grouped_records",
        lambda c, i: associations.grouped_records(c, TargetKind.CONTACT, i.contact_id),
    ),
    (
        "grouped_records",
        lambda c, i: associations.grouped_records(c, TargetKind.DEAL, i.deal_id),
    ),
]


def _public_functions(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if value.__module__ == module.__name__ and not name.startswith("_")
    }


# --- create_account and list_accounts -------------------------------------


def test_create_account_starts_with_custom_objects_off(store: Store) -> None:
    account = accounts.create_account(store, name="  Escola   Aurora ")

    assert (account.slug, account.name) == ("escola-aurora", "Escola Aurora")
    assert account.modules == {CUSTOM_OBJECTS: False}
    assert not account.has_module(CUSTOM_OBJECTS)
    assert load_account(store, "escola-aurora") == account


@pytest.mark.parametrize(
    ("name", "slug", "expected"),
    [
        ("Imóveis São Paulo", "", "imoveis-sao-paulo"),
        ("Escola Aurora", "aurora", "aurora"),
        ("Escola Aurora", "Aurora Two", "aurora-two"),
        ("ACME 2025", "", "acme-2025"),
    ],
)
def test_create_account_derives_the_slug(
    store: Store, name: str, slug: str, expected: str
) -> None:
    account = accounts.create_account(store, name=name, slug=slug)

    assert account.slug == expected


@pytest.mark.parametrize(
    ("name", "field", "message"),
    [
        ("", "name", "The account name is empty; enter one such as 'Escola Aurora'."),
        (
            "   ",
            "name",
            "The account name is empty; enter one such as 'Escola Aurora'.",
        ),
        (
            "!!!",
            "slug",
            "The account name '!!!' needs at least one letter or digit.",
        ),
    ],
)
def test_create_account_refuses_bad_names(
    store: Store, name: str, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        accounts.create_account(store, name=name)

    assert raised.value.message == message
    assert [p.field for p in raised.value.problems] == [field]
    assert accounts.list_accounts(store) == []


def test_create_account_refuses_a_taken_slug(store: Store) -> None:
    accounts.create_account(store, name="Escola Aurora")

    with pytest.raises(Conflict) as raised:
        accounts.create_account(store, name="Escola  aurora!")

    assert raised.value.message == (
        "An account with the slug 'escola-aurora' already exists; choose another name."
    )
    assert len(accounts.list_accounts(store)) == 1


def test_list_accounts_by_slug(store: Store) -> None:
    for name in ["Zeta", "Alpha", "Mid"]:
        accounts.create_account(store, name=name)

    listed = accounts.list_accounts(store)

    assert [a.slug for a in listed] == ["alpha", "mid", "zeta"]


# --- the module switch ----------------------------------------------------


def test_module_calls_cover_every_function_of_the_module() -> None:
    covered = {name for name, _ in MODULE_CALLS}

    assert covered == (
        _public_functions(object_types)
        | _public_functions(records)
        | _public_functions(associations)
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "call", [call for _, call in MODULE_CALLS], ids=[n for n, _ in MODULE_CALLS]
)
def test_a_new_account_refuses_every_call_of_the_module(
    store: Store, role: Role, call: Callable[[Context, Ids], object]
) -> None:
    account = accounts.create_account(store, name="Escola Aurora")
    acting = context_as(store, account, role)

    with pytest.raises(ModuleDisabled) as raised:
        call(acting, Ids())

    assert raised.value.message == MODULE_OFF
    assert raised.value.status == 403


@pytest.fixture
def filled(ctx: Context) -> Ids:
    """An account with a type, records and links of both kinds."""
    course = make_object_type(ctx, "Course")
    record = make_record(ctx, course, "Algebra", seats=30, level="beginner")
    make_record(ctx, course, "Geometry")
    contact, deal = make_contact(ctx), make_deal(ctx)
    link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    associations.associate(
        ctx, record_id=record.id, kind=TargetKind.DEAL, target_id=deal.id
    )
    return Ids(course.id, record.id, contact.id, deal.id, link.id)


def _view(ctx: Context, ids: Ids) -> list[object]:
    """What a user sees of the module: types, records, both groups of links."""
    return [
        [t.model_dump() for t in object_types.list_object_types(ctx)],
        [r.model_dump() for r in records.list_records(ctx, ids.type_id).records],
        [
            g.model_dump()
            for kind, target in [
                (TargetKind.CONTACT, ids.contact_id),
                (TargetKind.DEAL, ids.deal_id),
            ]
            for g in associations.grouped_records(ctx, kind, target)
        ],
    ]


@pytest.mark.parametrize(
    "call", [call for _, call in MODULE_CALLS], ids=[n for n, _ in MODULE_CALLS]
)
def test_switched_off_refuses_every_call_and_changes_nothing(
    ctx: Context, filled: Ids, call: Callable[[Context, Ids], object]
) -> None:
    accounts.set_module(ctx, CUSTOM_OBJECTS, enabled=False)
    off = _reloaded(ctx)
    before = _everything(ctx.store)

    with pytest.raises(ModuleDisabled) as raised:
        call(off, filled)

    assert raised.value.message == MODULE_OFF
    assert _everything(ctx.store) == before


def test_switching_off_and_on_again_shows_everything_as_it_was(
    ctx: Context, filled: Ids
) -> None:
    seen = _view(ctx, filled)
    stored = _everything(ctx.store)

    accounts.set_module(ctx, CUSTOM_OBJECTS, enabled=False)
    off = _everything(ctx.store)
    accounts.set_module(_reloaded(ctx), CUSTOM_OBJECTS, enabled=True)
    on = _reloaded(ctx)

    for name in ["object_types", "records", "associations", "contacts", "deals"]:
        assert off[name] == stored[name]
    assert _view(on, filled) == seen
    assert records.get_record(on, filled.record_id).values["seats"] == 30


def test_contacts_and_deals_stay_readable_with_the_module_off(
    ctx: Context, filled: Ids
) -> None:
    accounts.set_module(ctx, CUSTOM_OBJECTS, enabled=False)
    off = _reloaded(ctx)

    contacts = crm.list_targets(off, TargetKind.CONTACT)
    deal = crm.get_target(off, TargetKind.DEAL, filled.deal_id)

    assert [c.id for c in contacts.items] == [filled.contact_id]
    assert deal.id == filled.deal_id


def test_set_module_stores_the_switch_and_returns_the_account(
    store: Store,
) -> None:
    account = accounts.create_account(store, name="Escola Aurora")
    admin = context_as(store, account)

    switched = accounts.set_module(admin, CUSTOM_OBJECTS, enabled=True)

    assert switched.has_module(CUSTOM_OBJECTS)
    assert load_account(store, "escola-aurora").has_module(CUSTOM_OBJECTS)
    assert object_types.list_object_types(_reloaded(admin)) == []


@pytest.mark.parametrize(
    ("switches", "actions", "befores"),
    [
        ([True], ["module.enabled"], [False]),
        ([True, False], ["module.enabled", "module.disabled"], [False, True]),
        ([True, True], ["module.enabled", "module.enabled"], [False, True]),
    ],
)
def test_every_switch_is_audited_with_who_when_before_and_after(
    store: Store, switches: list[bool], actions: list[str], befores: list[bool]
) -> None:
    account = accounts.create_account(store, name="Escola Aurora")
    admin = context_as(store, account, email="boss@aurora.example")
    started = datetime.now(UTC)

    for enabled in switches:
        # The same context every time: its copy of the account goes stale.
        accounts.set_module(admin, CUSTOM_OBJECTS, enabled=enabled)

    audited = list(reversed(events.recent(store, account.id)))
    assert [e["action"] for e in audited] == actions
    assert [e["before"] for e in audited] == [{CUSTOM_OBJECTS: b} for b in befores]
    assert [e["after"] for e in audited] == [{CUSTOM_OBJECTS: s} for s in switches]
    assert {(e["actor"], e["subject"]) for e in audited} == {
        ("boss@aurora.example", CUSTOM_OBJECTS)
    }
    for event in audited:
        at = event["at"].replace(tzinfo=UTC)
        assert started.replace(microsecond=0) <= at <= datetime.now(UTC)


def test_set_module_refuses_an_unknown_module(ctx: Context) -> None:
    with pytest.raises(InvalidInput) as raised:
        accounts.set_module(ctx, "automations", enabled=True)

    assert raised.value.message == (
        "There is no module 'automations'; the modules are: custom_objects."
    )
    assert events.recent(ctx.store, ctx.account_id) == []


def test_set_module_switches_only_its_own_account(
    store: Store, ctx: Context, other_ctx: Context
) -> None:
    accounts.set_module(ctx, CUSTOM_OBJECTS, enabled=False)

    assert not load_account(store, ctx.account.slug).has_module(CUSTOM_OBJECTS)
    assert load_account(store, other_ctx.account.slug).has_module(CUSTOM_OBJECTS)
    assert object_types.list_object_types(other_ctx) == []
    assert events.recent(store, other_ctx.account_id) == []


def test_account_has_module_is_off_unless_switched_on() -> None:
    assert not Account(id="a", slug="a", name="A").has_module(CUSTOM_OBJECTS)
