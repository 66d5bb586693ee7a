"""Roles and the custom object management permission: every role against every
service that writes, allowed or refused in the exact words, and nothing written
when refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.associations import Association
from schemas.crm import Contact, ContactInput, Deal, DealInput, TargetKind
from schemas.object_types import FieldFormat, FieldInput, ObjectType
from schemas.records import Record
from schemas.users import Permission, Role, User
from services import (
    accounts,
    api_keys,
    associations,
    crm,
    object_types,
    records,
    users,
)
from services.context import Context
from services.errors import PermissionDenied
from store.engine import COLLECTIONS, Store
from tests.factories import (
    context_as,
    make_contact,
    make_deal,
    make_object_type,
    make_record,
    make_user,
)


def _everything(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {
        name: sorted(getattr(store, name).find({}), key=lambda d: d["_id"])
        for name in COLLECTIONS
    }


@dataclass(frozen=True)
class World:
    """What an administrator set up before another user acts on it."""

    course: ObjectType
    unused: ObjectType
    archived: ObjectType
    record: Record
    unlinked: Record
    contact: Contact
    deal: Deal
    contact_link: Association
    deal_link: Association
    colleague: User
    former: User


@pytest.fixture
def world(ctx: Context) -> World:
    course = make_object_type(ctx, "Course", every_format=False)
    course = object_types.add_field(
        ctx,
        course.id,
        FieldInput(label="Level", format=FieldFormat.LIST, options=["A", "B"]),
    )
    unused = make_object_type(ctx, "Property", every_format=False)
    archived = make_object_type(ctx, "Event", every_format=False)
    archived = object_types.archive_object_type(ctx, archived.id)
    record = make_record(ctx, course, "Algebra")
    unlinked = make_record(ctx, course, "Geometry")
    contact, deal = make_contact(ctx), make_deal(ctx)
    contact_link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    deal_link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.DEAL, target_id=deal.id
    )
    colleague = make_user(ctx.store, ctx.account, Role.MEMBER, email="co@demo.example")
    former = make_user(ctx.store, ctx.account, Role.MEMBER, email="ex@demo.example")
    users.deactivate_user(ctx, former.id)
    return World(
        course=course,
        unused=unused,
        archived=archived,
        record=record,
        unlinked=unlinked,
        contact=contact,
        deal=deal,
        contact_link=contact_link,
        deal_link=deal_link,
        colleague=colleague,
        former=former,
    )


# Who acts: (id, role, granted custom object management).
WHO = [
    ("admin", Role.ADMIN, False),
    ("manager", Role.MANAGER, False),
    ("member", Role.MEMBER, False),
    ("viewer", Role.VIEWER, False),
    ("manager+grant", Role.MANAGER, True),
    ("member+grant", Role.MEMBER, True),
    ("viewer+grant", Role.VIEWER, True),
]
# Who may do what: the permission holders of the issue, spelled out.
MANAGERS = {"admin", "manager+grant", "member+grant", "viewer+grant"}
EDITORS = {"admin", "manager", "member", "manager+grant", "member+grant"}
ADMINS = {"admin"}


def _needs(permission: str, to: str) -> str:
    return f"You need the '{permission}' permission to {to}. Ask an administrator."


MANAGE = "Custom object management"
EDIT = "Edit contacts and deals"
ADMINISTER = "Administration"

Action = Callable[[Context, World], object]

# (name, call, who may, refusal for everyone else)
ACTIONS: list[tuple[str, Action, set[str], str]] = [
    (
        "create_object_type",
        lambda c, w: object_types.create_object_type(c, name="Room"),
        MANAGERS,
        _needs(MANAGE, "create object types"),
    ),
    (
        "update_object_type",
        lambda c, w: object_types.update_object_type(
            c, w.course.id, name="Class", plural="Classes", icon="", description=""
        ),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "add_field",
        lambda c, w: object_types.add_field(
            c, w.course.id, FieldInput(label="Seats", format=FieldFormat.NUMBER)
        ),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "update_field",
        lambda c, w: object_types.update_field(
            c, w.course.id, "level", label="Stage", options=["A", "B", "C"]
        ),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "move_field",
        lambda c, w: object_types.move_field(c, w.course.id, "level", -1),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "remove_field",
        lambda c, w: object_types.remove_field(c, w.course.id, "level"),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "create_contact",
        lambda c, w: crm.create_contact(c, ContactInput(first_name="Bia")),
        EDITORS,
        _needs(EDIT, "create contacts"),
    ),
    (
        "upsert_contact",
        lambda c, w: crm.upsert_contact(c, "CRM-1", ContactInput(first_name="Bia")),
        EDITORS,
        _needs(EDIT, "create and update contacts"),
    ),
    (
        "create_deal",
        lambda c, w: crm.create_deal(c, DealInput(name="Deal", stage="Won")),
        EDITORS,
        _needs(EDIT, "create deals"),
    ),
    (
        "upsert_deal",
        lambda c, w: crm.upsert_deal(c, "ERP-1", DealInput(name="Deal", stage="Won")),
        EDITORS,
        _needs(EDIT, "create and update deals"),
    ),
    (
        "create_api_key",
        lambda c, w: api_keys.create_api_key(c, name="Sync"),
        ADMINS,
        _needs(ADMINISTER, "manage API keys"),
    ),
    (
        "set_primary_field",
        # The primary again: a field every record has, so only the permission
        # can stand in the way.
        lambda c, w: object_types.set_primary_field(c, w.course.id, "name"),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "archive_object_type",
        lambda c, w: object_types.archive_object_type(c, w.course.id),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "restore_object_type",
        lambda c, w: object_types.restore_object_type(c, w.archived.id),
        MANAGERS,
        _needs(MANAGE, "change object types"),
    ),
    (
        "delete_object_type",
        lambda c, w: object_types.delete_object_type(c, w.unused.id),
        MANAGERS,
        _needs(MANAGE, "delete object types"),
    ),
    (
        "create_record",
        lambda c, w: records.create_record(c, w.course.id, {"name": "Calculus"}),
        MANAGERS,
        _needs(MANAGE, "create records"),
    ),
    (
        "update_record",
        lambda c, w: records.update_record(c, w.record.id, {"name": "Algebra II"}),
        MANAGERS,
        _needs(MANAGE, "edit records"),
    ),
    (
        "delete_record",
        lambda c, w: records.delete_record(c, w.record.id),
        MANAGERS,
        _needs(MANAGE, "delete records"),
    ),
    (
        "associate_contact",
        lambda c, w: associations.associate(
            c, record_id=w.unlinked.id, kind=TargetKind.CONTACT, target_id=w.contact.id
        ),
        EDITORS,
        _needs(EDIT, "associate records with contacts"),
    ),
    (
        "associate_deal",
        lambda c, w: associations.associate(
            c, record_id=w.unlinked.id, kind=TargetKind.DEAL, target_id=w.deal.id
        ),
        EDITORS,
        _needs(EDIT, "associate records with deals"),
    ),
    (
        "disassociate_contact",
        lambda c, w: associations.disassociate(c, w.contact_link.id),
        EDITORS,
        _needs(EDIT, "remove associations from contacts"),
    ),
    (
        "disassociate_deal",
        lambda c, w: associations.disassociate(c, w.deal_link.id),
        EDITORS,
        _needs(EDIT, "remove associations from deals"),
    ),
    (
        "list_users",
        lambda c, w: users.list_users(c),
        ADMINS,
        _needs(ADMINISTER, "manage users"),
    ),
    (
        "create_user",
        lambda c, w: users.create_user(c, email="new@demo.example"),
        ADMINS,
        _needs(ADMINISTER, "manage users"),
    ),
    (
        "set_access",
        lambda c, w: users.set_access(
            c, w.colleague.id, role=Role.VIEWER, manage_custom_objects=True
        ),
        ADMINS,
        _needs(ADMINISTER, "manage users"),
    ),
    (
        "deactivate_user",
        lambda c, w: users.deactivate_user(c, w.colleague.id),
        ADMINS,
        _needs(ADMINISTER, "manage users"),
    ),
    (
        "reactivate_user",
        lambda c, w: users.reactivate_user(c, w.former.id),
        ADMINS,
        _needs(ADMINISTER, "manage users"),
    ),
    (
        "set_module",
        lambda c, w: accounts.set_module(c, CUSTOM_OBJECTS, enabled=False),
        ADMINS,
        _needs(ADMINISTER, "switch modules"),
    ),
]

TABLE = [
    pytest.param(
        role,
        grant,
        call,
        who in allowed,
        name != "list_users",
        refusal,
        id=f"{who}-{name}",
    )
    for who, role, grant in WHO
    for name, call, allowed, refusal in ACTIONS
]


def _acting(store: Store, account: Account, role: Role, grant: bool) -> Context:
    email = f"acting-{role.value}-{int(grant)}@demo.example"
    return context_as(store, account, role, email=email, manage_custom_objects=grant)


@pytest.mark.parametrize(
    ("role", "grant", "call", "allowed", "writes", "refusal"), TABLE
)
def test_every_role_against_every_writing_service(
    ctx: Context,
    world: World,
    role: Role,
    grant: bool,
    call: Action,
    allowed: bool,
    writes: bool,
    refusal: str,
) -> None:
    acting = _acting(ctx.store, ctx.account, role, grant)
    before = _everything(ctx.store)

    if allowed:
        call(acting, world)
        audited = list(ctx.store.events.find({"actor": acting.actor}))
        assert len(audited) == (1 if writes else 0)
        return
    with pytest.raises(PermissionDenied) as raised:
        call(acting, world)

    assert raised.value.message == refusal
    assert raised.value.status == 403
    assert _everything(ctx.store) == before


@pytest.mark.parametrize(("role", "grant"), [(role, grant) for _, role, grant in WHO])
def test_every_role_reads_types_records_links_contacts_and_deals(
    ctx: Context, world: World, role: Role, grant: bool
) -> None:
    acting = _acting(ctx.store, ctx.account, role, grant)

    listed = object_types.list_object_types(acting, include_archived=True)
    page = records.list_records(acting, world.course.id)
    [group] = associations.grouped_records(acting, TargetKind.CONTACT, world.contact.id)
    contacts = crm.list_targets(acting, TargetKind.CONTACT)

    assert [t.name for t in listed] == ["Course", "Event", "Property"]
    assert object_types.get_object_type(acting, "course").id == world.course.id
    assert [r.display_name for r in page.records] == ["Algebra", "Geometry"]
    assert records.get_record(acting, world.record.id).values == {"name": "Algebra"}
    assert [item.record.id for item in group.items] == [world.record.id]
    assert [c.id for c in contacts.items] == [world.contact.id]
    assert crm.get_target(acting, TargetKind.DEAL, world.deal.id).id == world.deal.id


def test_an_allowed_change_names_the_acting_user_in_the_audit_trail(
    ctx: Context, world: World
) -> None:
    acting = _acting(ctx.store, ctx.account, Role.VIEWER, True)

    object_types.archive_object_type(acting, world.course.id)

    [event] = ctx.store.events.find(
        {"action": "object_type.archived", "subject": world.course.id}
    )
    assert event["actor"] == acting.user.email


@pytest.mark.parametrize(
    ("role", "grant", "held"),
    [
        (Role.ADMIN, False, {"manage_custom_objects", "edit_crm", "administer"}),
        (Role.ADMIN, True, {"manage_custom_objects", "edit_crm", "administer"}),
        (Role.MANAGER, False, {"edit_crm"}),
        (Role.MANAGER, True, {"manage_custom_objects", "edit_crm"}),
        (Role.MEMBER, False, {"edit_crm"}),
        (Role.MEMBER, True, {"manage_custom_objects", "edit_crm"}),
        (Role.VIEWER, False, set()),
        (Role.VIEWER, True, {"manage_custom_objects"}),
    ],
)
def test_user_can_holds_the_role_permissions_and_the_grant(
    role: Role, grant: bool, held: set[str]
) -> None:
    user = User(
        id="u",
        account_id="a",
        email="u@x.example",
        name="U",
        role=role,
        manage_custom_objects=grant,
    )

    assert {p.value for p in Permission if user.can(p)} == held


def test_permission_labels_are_the_words_refusals_use() -> None:
    assert {p.value: p.label for p in Permission} == {
        "manage_custom_objects": "Custom object management",
        "edit_crm": "Edit contacts and deals",
        "administer": "Administration",
    }
