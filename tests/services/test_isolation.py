"""Accounts are isolated: two accounts with the same object type names, the same
record external ids, the same contact emails and the same user emails, and every
service function called as a user of account A.

Nothing of account B is ever returned, counted, changed or linked: B's ids in
A's calls are NotFound, A's lists and counts hold only A's, and B's stored
documents are the same after each call as before it.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.associations import Association
from schemas.crm import Contact, ContactInput, Deal, DealInput, TargetKind
from schemas.object_types import FieldFormat, FieldInput, ObjectType
from schemas.records import Record
from schemas.users import Role, User
from services import (
    accounts,
    associations,
    auth,
    crm,
    object_types,
    records,
    users,
)
from services.context import Context
from services.errors import Conflict, NotFound
from store import users as stored_users
from store.engine import COLLECTIONS, Store
from tests.factories import (
    context_as,
    make_account,
    make_contact,
    make_deal,
    make_record,
    make_user,
    on_every_engine,
)

LEVEL = FieldInput(
    label="Level", format=FieldFormat.LIST, options=["Beginner", "Advanced"]
)
SEATS = FieldInput(label="Seats", format=FieldFormat.NUMBER)


@dataclass(frozen=True)
class Side:
    """One account's data, named alike in both accounts."""

    ctx: Context
    course: ObjectType
    algebra: Record
    geometry: Record
    contact: Contact
    deal: Deal
    contact_link: Association
    deal_link: Association
    staff: User
    former: User

    @property
    def account(self) -> Account:
        return self.ctx.account


def _side(store: Store, slug: str) -> Side:
    ctx = context_as(store, make_account(store, slug), email="admin@example.com")
    course = object_types.create_object_type(ctx, name="Course")
    course = object_types.add_field(ctx, course.id, LEVEL)
    course = object_types.add_field(ctx, course.id, SEATS)
    algebra = make_record(
        ctx, course, "Algebra", external_id="SIS-1", level="beginner", seats=30
    )
    geometry = make_record(
        ctx, course, "Geometry", external_id="SIS-2", level="beginner", seats=20
    )
    contact = make_contact(
        ctx, "Ana", "Silva", email="ana@example.com", external_id="CRM-ana"
    )
    deal = make_deal(ctx, "School contract")
    contact_link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    deal_link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.DEAL, target_id=deal.id
    )
    staff = make_user(store, ctx.account, Role.MEMBER, email="staff@example.com")
    former = make_user(store, ctx.account, Role.MEMBER, email="former@example.com")
    users.deactivate_user(ctx, former.id)
    return Side(
        ctx,
        course,
        algebra,
        geometry,
        contact,
        deal,
        contact_link,
        deal_link,
        staff,
        former,
    )


@pytest.fixture
def a(store: Store) -> Side:
    return _side(store, "alpha")


@pytest.fixture
def b(store: Store, a: Side) -> Side:
    """Account B: A's twin, plus what A lacks: a type named Property, a third
    course with the external id SIS-3 using the option Advanced, a second
    contact, and a user only B has."""
    side = _side(store, "beta")
    object_types.create_object_type(side.ctx, name="Property")
    make_record(
        side.ctx, side.course, "Calculus", external_id="SIS-3", level="advanced"
    )
    make_contact(side.ctx, "Bruno", "Costa", email="bruno@example.com")
    make_user(store, side.account, Role.VIEWER, email="only-b@example.com")
    return side


def _documents_of(store: Store, account_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every stored document of one account, by collection."""
    return {
        name: sorted(
            getattr(store, name).find(
                {"_id": account_id}
                if name == "accounts"
                else {"account_id": account_id}
            ),
            key=lambda d: d["_id"],
        )
        for name in COLLECTIONS
    }


def _ids_in(documents: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {d["_id"] for found in documents.values() for d in found}


def _jsonable(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value))


def _account_ids(value: object) -> set[str]:
    """Every account_id inside a returned value, however deep."""
    if isinstance(value, dict):
        own = {value["account_id"]} if "account_id" in value else set()
        return own.union(*(_account_ids(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_account_ids(v) for v in value))
    return set()


def _assert_holds_nothing_of(result: object, b_ids: set[str], a: Side) -> None:
    text = json.dumps(result, default=_jsonable)
    assert [i for i in b_ids if i in text] == []
    assert _account_ids(json.loads(text)) <= {a.account.id}


# --- B's ids in A's calls ---------------------------------------------------

Cross = Callable[[Side, Side], object]

# (function, call as A with B's ids)
CROSS: list[tuple[str, Cross]] = [
    ("get_object_type", lambda a, b: object_types.get_object_type(a.ctx, b.course.id)),
    (
        "update_object_type",
        lambda a, b: object_types.update_object_type(
            a.ctx, b.course.id, name="Class", plural="Classes", icon="", description=""
        ),
    ),
    ("add_field", lambda a, b: object_types.add_field(a.ctx, b.course.id, SEATS)),
    (
        "update_field",
        lambda a, b: object_types.update_field(
            a.ctx, b.course.id, "level", label="Stage", options=["Beginner"]
        ),
    ),
    (
        "move_field",
        lambda a, b: object_types.move_field(a.ctx, b.course.id, "seats", -2),
    ),
    (
        "remove_field",
        lambda a, b: object_types.remove_field(a.ctx, b.course.id, "seats"),
    ),
    (
        "create_deal",
        lambda a, b: crm.create_deal(
            a.ctx, DealInput(name="Mine", stage="Won", contact_id=b.contact.id)
        ),
    ),
    (
        "upsert_deal",
        lambda a, b: crm.upsert_deal(
            a.ctx, "ERP-1", DealInput(name="Mine", stage="Won", contact_id=b.contact.id)
        ),
    ),
    (
        "set_primary_field",
        lambda a, b: object_types.set_primary_field(a.ctx, b.course.id, "level"),
    ),
    (
        "archive_object_type",
        lambda a, b: object_types.archive_object_type(a.ctx, b.course.id),
    ),
    (
        "restore_object_type",
        lambda a, b: object_types.restore_object_type(a.ctx, b.course.id),
    ),
    (
        "delete_object_type",
        lambda a, b: object_types.delete_object_type(a.ctx, _property_of(b)),
    ),
    ("list_records", lambda a, b: records.list_records(a.ctx, b.course.id)),
    ("list_records", lambda a, b: records.list_records(a.ctx, "property")),
    ("get_record", lambda a, b: records.get_record(a.ctx, b.algebra.id)),
    (
        "create_record",
        lambda a, b: records.create_record(a.ctx, b.course.id, {"name": "Logic"}),
    ),
    (
        "update_record",
        lambda a, b: records.update_record(a.ctx, b.algebra.id, {"name": "Mine"}),
    ),
    ("delete_record", lambda a, b: records.delete_record(a.ctx, b.algebra.id)),
    (
        "upsert_record",
        lambda a, b: records.upsert_record(a.ctx, b.course.id, "SIS-1", {"name": "X"}),
    ),
    (
        "patch_record",
        lambda a, b: records.patch_record(a.ctx, b.algebra.id, {"name": "X"}),
    ),
    (
        "batch_upsert",
        lambda a, b: records.batch_upsert(
            a.ctx, b.course.id, [records.BatchItem("SIS-1", {"name": "X"})]
        ),
    ),
    ("find_records", lambda a, b: records.find_records(a.ctx, b.course.id)),
    (
        "get_record_by_external_id",
        lambda a, b: records.get_record_by_external_id(a.ctx, b.course.id, "SIS-1"),
    ),
    (
        "link",
        lambda a, b: associations.link(
            a.ctx,
            record_id=b.algebra.id,
            kind=TargetKind.CONTACT,
            target_id=a.contact.id,
        ),
    ),
    (
        "link",
        lambda a, b: associations.link(
            a.ctx, record_id=a.algebra.id, kind=TargetKind.DEAL, target_id=b.deal.id
        ),
    ),
    (
        "associate",
        lambda a, b: associations.associate(
            a.ctx,
            record_id=b.geometry.id,
            kind=TargetKind.CONTACT,
            target_id=a.contact.id,
        ),
    ),
    (
        "associate",
        lambda a, b: associations.associate(
            a.ctx,
            record_id=a.geometry.id,
            kind=TargetKind.CONTACT,
            target_id=b.contact.id,
        ),
    ),
    (
        "associate",
        lambda a, b: associations.associate(
            a.ctx, record_id=a.geometry.id, kind=TargetKind.DEAL, target_id=b.deal.id
        ),
    ),
    (
        "associate",
        lambda a, b: associations.associate(
            a.ctx, record_id=b.geometry.id, kind=TargetKind.DEAL, target_id=b.deal.id
        ),
    ),
    (
        "disassociate",
        lambda a, b: associations.disassociate(a.ctx, b.contact_link.id),
    ),
    ("disassociate", lambda a, b: associations.disassociate(a.ctx, b.deal_link.id)),
    (
        "grouped_records",
        lambda a, b: associations.grouped_records(
            a.ctx, TargetKind.CONTACT, b.contact.id
        ),
    ),
    (
        "grouped_records",
        lambda a, b: associations.grouped_records(a.ctx, TargetKind.DEAL, b.deal.id),
    ),
    (
        "get_target",
        lambda a, b: crm.get_target(a.ctx, TargetKind.CONTACT, b.contact.id),
    ),
    ("get_target", lambda a, b: crm.get_target(a.ctx, TargetKind.DEAL, b.deal.id)),
    (
        "set_access",
        lambda a, b: users.set_access(
            a.ctx, b.staff.id, role=Role.ADMIN, manage_custom_objects=True
        ),
    ),
    (
        "set_access",
        lambda a, b: users.set_access(
            a.ctx, b.ctx.user.id, role=Role.VIEWER, manage_custom_objects=False
        ),
    ),
    ("deactivate_user", lambda a, b: users.deactivate_user(a.ctx, b.staff.id)),
    ("reactivate_user", lambda a, b: users.reactivate_user(a.ctx, b.former.id)),
]


def _property_of(side: Side) -> str:
    """B's Property type: no records, so deleting it would succeed if found."""
    found = object_types.get_object_type(side.ctx, "property")
    return found.id


@pytest.mark.parametrize(
    "call", [call for _, call in CROSS], ids=[name for name, _ in CROSS]
)
def test_b_ids_in_a_calls_are_not_found_and_touch_nothing(
    store: Store, a: Side, b: Side, call: Cross
) -> None:
    b_before = _documents_of(store, b.account.id)
    a_before = _documents_of(store, a.account.id)

    with pytest.raises(NotFound):
        call(a, b)

    assert _documents_of(store, b.account.id) == b_before
    assert _documents_of(store, a.account.id) == a_before


@on_every_engine
def test_every_cross_account_call_is_not_found_on_every_engine(
    store: Store, a: Side, b: Side
) -> None:
    b_before = _documents_of(store, b.account.id)

    refused = []
    for name, call in CROSS:
        with pytest.raises(NotFound):
            call(a, b)
        refused.append(name)

    assert len(refused) == len(CROSS)
    assert _documents_of(store, b.account.id) == b_before


# --- A's own calls: only A's returned, counted or changed ------------------

# (function, call as A on A's own data, with names B also has)
OWN: list[tuple[str, Cross]] = [
    (
        "list_object_types",
        lambda a, b: object_types.list_object_types(a.ctx, include_archived=True),
    ),
    ("get_object_type", lambda a, b: object_types.get_object_type(a.ctx, "course")),
    (
        "create_object_type",
        lambda a, b: object_types.create_object_type(a.ctx, name="Property"),
    ),
    (
        "update_object_type",
        lambda a, b: object_types.update_object_type(
            a.ctx, a.course.id, name="Class", plural="Classes", icon="", description=""
        ),
    ),
    (
        "add_field",
        lambda a, b: object_types.add_field(
            a.ctx, "course", FieldInput(label="Room", format=FieldFormat.TEXT)
        ),
    ),
    (
        "update_field",
        lambda a, b: object_types.update_field(
            a.ctx, a.course.id, "level", label="Stage", options=["Beginner"]
        ),
    ),
    (
        "move_field",
        lambda a, b: object_types.move_field(a.ctx, a.course.id, "seats", -2),
    ),
    (
        "remove_field",
        lambda a, b: object_types.remove_field(
            a.ctx,
            object_types.add_field(a.ctx, "course", FieldInput(label="Room")).id,
            "room",
        ),
    ),
    (
        "list_contacts",
        lambda a, b: crm.list_contacts(a.ctx, search="example.com"),
    ),
    ("list_deals", lambda a, b: crm.list_deals(a.ctx)),
    (
        "create_contact",
        lambda a, b: crm.create_contact(
            a.ctx,
            ContactInput(first_name="Bruno", email="bruno@example.com"),
            external_id="CRM-bruno",
        ),
    ),
    (
        "upsert_contact",
        lambda a, b: crm.upsert_contact(
            a.ctx, "CRM-ana", ContactInput(first_name="Ana", last_name="Souza")
        ),
    ),
    (
        "create_deal",
        lambda a, b: crm.create_deal(
            a.ctx,
            DealInput(name="School contract", stage="Won", contact_id=a.contact.id),
        ),
    ),
    (
        "upsert_deal",
        lambda a, b: crm.upsert_deal(
            a.ctx, "ERP-1", DealInput(name="Deal", stage="Won", contact_id=a.contact.id)
        ),
    ),
    (
        "set_primary_field",
        lambda a, b: object_types.set_primary_field(a.ctx, a.course.id, "seats"),
    ),
    (
        "archive_object_type",
        lambda a, b: object_types.archive_object_type(a.ctx, a.course.id),
    ),
    (
        "restore_object_type",
        lambda a, b: object_types.restore_object_type(a.ctx, a.course.id),
    ),
    (
        "delete_object_type",
        lambda a, b: object_types.delete_object_type(
            a.ctx, object_types.create_object_type(a.ctx, name="Property").id
        ),
    ),
    ("list_records", lambda a, b: records.list_records(a.ctx, "course")),
    (
        "list_records",
        lambda a, b: records.list_records(a.ctx, "course", search="calculus"),
    ),
    ("get_record", lambda a, b: records.get_record(a.ctx, a.algebra.id)),
    (
        "create_record",
        lambda a, b: records.create_record(
            a.ctx, "course", {"name": "Calculus"}, external_id="SIS-3"
        ),
    ),
    (
        "update_record",
        lambda a, b: records.update_record(a.ctx, a.algebra.id, {"name": "Logic"}),
    ),
    ("delete_record", lambda a, b: records.delete_record(a.ctx, a.algebra.id)),
    (
        "upsert_record",
        lambda a, b: records.upsert_record(a.ctx, "course", "SIS-1", {"name": "Logic"}),
    ),
    (
        "batch_upsert",
        lambda a, b: records.batch_upsert(
            a.ctx, "course", [records.BatchItem("SIS-2", {"name": "Topology"})]
        ),
    ),
    ("find_records", lambda a, b: records.find_records(a.ctx, "course")),
    (
        "get_record_by_external_id",
        lambda a, b: records.get_record_by_external_id(a.ctx, "course", "SIS-1"),
    ),
    (
        "get_target_by_external_id",
        lambda a, b: crm.get_target_by_external_id(
            a.ctx, TargetKind.CONTACT, "CRM-ana"
        ),
    ),
    (
        "link",
        lambda a, b: associations.link(
            a.ctx,
            record_id=a.geometry.id,
            kind=TargetKind.CONTACT,
            target_id=a.contact.id,
            label="student",
        ),
    ),
    (
        "associate",
        lambda a, b: associations.associate(
            a.ctx,
            record_id=a.geometry.id,
            kind=TargetKind.CONTACT,
            target_id=a.contact.id,
            label="student",
        ),
    ),
    ("disassociate", lambda a, b: associations.disassociate(a.ctx, a.deal_link.id)),
    (
        "grouped_records",
        lambda a, b: associations.grouped_records(
            a.ctx, TargetKind.CONTACT, a.contact.id
        ),
    ),
    (
        "list_targets",
        lambda a, b: crm.list_targets(a.ctx, TargetKind.CONTACT, search="example.com"),
    ),
    ("list_targets", lambda a, b: crm.list_targets(a.ctx, TargetKind.DEAL)),
    (
        "get_target",
        lambda a, b: crm.get_target(a.ctx, TargetKind.CONTACT, a.contact.id),
    ),
    ("list_users", lambda a, b: users.list_users(a.ctx)),
    (
        "create_user",
        lambda a, b: users.create_user(
            a.ctx, email="only-b@example.com", password="correct horse"
        ),
    ),
    (
        "set_access",
        lambda a, b: users.set_access(
            a.ctx, a.staff.id, role=Role.ADMIN, manage_custom_objects=True
        ),
    ),
    ("deactivate_user", lambda a, b: users.deactivate_user(a.ctx, a.staff.id)),
    ("reactivate_user", lambda a, b: users.reactivate_user(a.ctx, a.former.id)),
    (
        "set_module",
        lambda a, b: accounts.set_module(a.ctx, CUSTOM_OBJECTS, enabled=False),
    ),
]


@pytest.mark.parametrize(
    "call", [call for _, call in OWN], ids=[name for name, _ in OWN]
)
def test_a_own_calls_return_only_a_and_leave_b_as_it_was(
    store: Store, a: Side, b: Side, call: Cross
) -> None:
    b_before = _documents_of(store, b.account.id)

    result = call(a, b)

    _assert_holds_nothing_of(result, _ids_in(b_before) | {b.account.id}, a)
    assert _documents_of(store, b.account.id) == b_before


def _public_functions(module: ModuleType) -> set[str]:
    return {
        f"{module.__name__}.{name}"
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if value.__module__ == module.__name__ and not name.startswith("_")
    }


# Not called as a user of an account: operators' account commands and a pure
# check of a password's length.
NOT_ACCOUNT_SCOPED = {
    "services.accounts.create_account",
    "services.accounts.list_accounts",
    "services.users.check_password",
}


def test_the_tables_call_every_service_function() -> None:
    modules = [object_types, records, associations, crm, users, accounts]
    every = set().union(*(_public_functions(m) for m in modules))
    owner = {name.rsplit(".", 1)[1]: name for name in every}

    crossed = {owner[name] for name, _ in CROSS}
    owned = {owner[name] for name, _ in OWN}

    assert crossed | owned | NOT_ACCOUNT_SCOPED == every
    assert crossed | TAKE_NO_ID | NOT_ACCOUNT_SCOPED == every


# Called with no id to cross with: A's own calls prove them.
TAKE_NO_ID = {
    "services.object_types.list_object_types",
    "services.object_types.create_object_type",
    "services.crm.list_targets",
    "services.crm.get_target_by_external_id",
    "services.crm.list_contacts",
    "services.crm.list_deals",
    "services.crm.create_contact",
    "services.crm.upsert_contact",
    "services.users.list_users",
    "services.users.create_user",
    "services.accounts.set_module",
}


# --- lists and counts -------------------------------------------------------


def test_lists_hold_only_a_though_b_has_the_same_names(a: Side, b: Side) -> None:
    listed = object_types.list_object_types(a.ctx, include_archived=True)
    page = records.list_records(a.ctx, "course", sort="seats")
    found = records.list_records(a.ctx, "course", search="al")  # B's Calculus too
    contacts = crm.list_targets(a.ctx, TargetKind.CONTACT, search="ana@example.com")
    everyone = crm.list_targets(a.ctx, TargetKind.CONTACT)
    deals = crm.list_targets(a.ctx, TargetKind.DEAL)
    [group] = associations.grouped_records(a.ctx, TargetKind.CONTACT, a.contact.id)
    people = users.list_users(a.ctx)

    assert [t.id for t in listed] == [a.course.id]
    assert (page.total, {r.id for r in page.records}) == (
        2,
        {a.algebra.id, a.geometry.id},
    )
    assert (found.total, [r.id for r in found.records]) == (1, [a.algebra.id])
    assert (contacts.total, [c.id for c in contacts.items]) == (1, [a.contact.id])
    assert (everyone.total, deals.total) == (1, 1)
    assert [item.association.id for item in group.items] == [a.contact_link.id]
    assert [u.email for u in people] == [
        "admin@example.com",
        "former@example.com",
        "staff@example.com",
    ]
    assert {u.account_id for u in people} == {a.account.id}


def test_a_key_only_b_has_is_not_found_in_a(a: Side, b: Side) -> None:
    with pytest.raises(NotFound) as raised:
        object_types.get_object_type(a.ctx, "property")

    assert raised.value.message == (
        "Object type 'property' does not exist in this account; pick one from the "
        "object types page."
    )


def test_delete_object_type_counts_only_a_records(a: Side, b: Side) -> None:
    with pytest.raises(Conflict) as raised:
        object_types.delete_object_type(a.ctx, a.course.id)

    assert raised.value.message == (
        "Object type 'Course' still has 2 records; archive it instead, or delete "
        "its records first."
    )


def test_an_option_only_b_uses_can_be_dropped_in_a(
    store: Store, a: Side, b: Side
) -> None:
    b_before = _documents_of(store, b.account.id)

    changed = object_types.update_field(
        a.ctx, a.course.id, "level", label="Level", options=["Beginner"]
    )
    with pytest.raises(Conflict) as raised:
        object_types.update_field(
            b.ctx, b.course.id, "level", label="Level", options=["Beginner"]
        )

    level = changed.field("level")
    assert level is not None
    assert [o.key for o in level.options] == ["beginner"]
    assert raised.value.message == (
        "Option 'Advanced' of field 'Level' is used by 1 Course; change those "
        "records first, or rename the option instead."
    )
    assert _documents_of(store, b.account.id) == b_before


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda a: object_types.create_object_type(a.ctx, name="course"),
            "An object type named 'Course' already exists; choose another name.",
        ),
        (
            lambda a: records.create_record(
                a.ctx, "course", {"name": "Logic"}, external_id="SIS-1"
            ),
            "Another Course already has the external id 'SIS-1'; use a different "
            "one or update that record.",
        ),
        (
            lambda a: associations.associate(
                a.ctx,
                record_id=a.algebra.id,
                kind=TargetKind.CONTACT,
                target_id=a.contact.id,
            ),
            "Course 'Algebra' is already associated with contact 'Ana Silva'; "
            "remove that association first to link it again with another label "
            "or date.",
        ),
        (
            lambda a: users.create_user(
                a.ctx, email="staff@example.com", password="correct horse"
            ),
            "This account already has a user with the email staff@example.com.",
        ),
        (
            lambda a: users.set_access(
                a.ctx, a.ctx.user.id, role=Role.MEMBER, manage_custom_objects=False
            ),
            "admin@example.com is the account's last active administrator; make "
            "another user an administrator before you change their role.",
        ),
    ],
    ids=["type name", "external id", "association", "user email", "last admin"],
)
def test_uniqueness_and_last_admin_rules_count_only_a(
    store: Store, a: Side, b: Side, call: Callable[[Side], object], message: str
) -> None:
    b_before = _documents_of(store, b.account.id)

    with pytest.raises(Conflict) as raised:
        call(a)

    assert raised.value.message == message
    assert _documents_of(store, b.account.id) == b_before


def test_set_primary_field_rewrites_only_a_display_names(a: Side, b: Side) -> None:
    object_types.set_primary_field(a.ctx, a.course.id, "level")

    mine = records.get_record(a.ctx, a.algebra.id)
    theirs = records.get_record(b.ctx, b.algebra.id)

    assert (mine.display_name, theirs.display_name) == ("Beginner", "Algebra")


def test_switching_a_module_off_leaves_b_working(
    store: Store, a: Side, b: Side
) -> None:
    accounts.set_module(a.ctx, CUSTOM_OBJECTS, enabled=False)

    listed = object_types.list_object_types(b.ctx)

    assert [t.name for t in listed] == ["Course", "Property"]


# --- sessions ---------------------------------------------------------------


def test_a_session_of_b_does_not_resume_in_a(store: Store, a: Side, b: Side) -> None:
    assert auth.resume(store, a.account.id, b.staff.id, 0) is None
    assert auth.resume(store, b.account.id, b.staff.id, 0) is not None


def test_deactivating_a_user_of_a_leaves_b_twin_signed_in(
    store: Store, a: Side, b: Side
) -> None:
    users.deactivate_user(a.ctx, a.staff.id)

    twin = stored_users.get(store, b.account.id, b.staff.id)

    assert twin is not None
    assert (twin.active, twin.session_epoch) == (True, 0)
    assert auth.resume(store, b.account.id, b.staff.id, 0) == twin
