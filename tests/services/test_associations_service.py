"""services.associations: linking records to contacts and deals, and the grouped
view a contact or deal shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations, object_types, records
from services.context import Context
from services.errors import Conflict, InvalidInput, ModuleDisabled, NotFound
from store import associations as stored_associations
from store import events
from store.engine import Store
from tests.factories import (
    context_as,
    make_account,
    make_contact,
    make_deal,
    make_object_type,
    make_record,
)

MODULE_OFF = (
    "Custom Objects is not enabled for this account. Ask an administrator to "
    "enable it in Settings → Modules."
)


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course", icon="🎓")


def test_associate_with_a_contact_with_label_and_date(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx, "Ana", "Souza")

    link = associations.associate(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=contact.id,
        label="  aluna   🎒 ",
        associated_on=date(2025, 3, 1),
    )

    assert (link.record_id, link.type_id, link.target_kind, link.target_id) == (
        record.id,
        course.id,
        TargetKind.CONTACT,
        contact.id,
    )
    assert (link.label, link.associated_on) == ("aluna 🎒", date(2025, 3, 1))
    stored = stored_associations.get(ctx.store, ctx.account_id, link.id)
    assert stored is not None
    assert (stored.label, stored.associated_on) == ("aluna 🎒", date(2025, 3, 1))
    assert events.recent(ctx.store, ctx.account_id, limit=1)[0]["action"] == (
        "association.created"
    )


def test_associate_with_a_deal_is_dated_today_by_default(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    deal = make_deal(ctx)
    before = datetime.now(UTC).date()

    link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.DEAL, target_id=deal.id
    )

    assert before <= link.associated_on <= datetime.now(UTC).date()
    assert (link.target_kind, link.label) == (TargetKind.DEAL, "")


def test_label_longer_than_80_characters_is_refused(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)

    with pytest.raises(InvalidInput) as raised:
        associations.associate(
            ctx,
            record_id=record.id,
            kind=TargetKind.CONTACT,
            target_id=contact.id,
            label="x" * 81,
        )

    assert raised.value.message == (
        "The association label is 81 characters long; keep it within 80, like "
        "'student' or 'guardian'."
    )


def test_the_same_pair_twice_is_refused(ctx: Context, course: ObjectType) -> None:
    record = make_record(ctx, course, "Álgebra")
    contact = make_contact(ctx, "Ana", "Souza")
    associations.associate(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=contact.id,
        label="student",
    )

    with pytest.raises(Conflict) as raised:
        associations.associate(
            ctx,
            record_id=record.id,
            kind=TargetKind.CONTACT,
            target_id=contact.id,
            label="guardian",
        )

    assert raised.value.message == (
        "Course 'Álgebra' is already associated with contact 'Ana Souza'; remove "
        "that association first to link it again with another label or date."
    )
    [group] = associations.grouped_records(ctx, TargetKind.CONTACT, contact.id)
    assert [item.association.label for item in group.items] == ["student"]


def test_unique_index_refuses_a_second_link_written_directly(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    first = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    copy = first.model_copy(update={"id": "another-id", "label": "guardian"})

    with pytest.raises(stored_associations.DuplicateAssociation):
        stored_associations.insert(ctx.store, copy)

    assert (
        len(stored_associations.for_record(ctx.store, ctx.account_id, record.id)) == 1
    )


def test_one_record_may_link_to_a_contact_and_a_deal(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    contact, deal = make_contact(ctx), make_deal(ctx)

    associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    associations.associate(
        ctx, record_id=record.id, kind=TargetKind.DEAL, target_id=deal.id
    )

    links = stored_associations.for_record(ctx.store, ctx.account_id, record.id)
    assert sorted(link.target_kind for link in links) == ["contact", "deal"]


def test_disassociate_removes_only_the_link(ctx: Context, course: ObjectType) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )

    associations.disassociate(ctx, link.id)

    assert associations.grouped_records(ctx, TargetKind.CONTACT, contact.id) == []
    assert stored_associations.get(ctx.store, ctx.account_id, link.id) is None
    assert events.recent(ctx.store, ctx.account_id, limit=1)[0]["action"] == (
        "association.deleted"
    )
    with pytest.raises(NotFound) as raised:
        associations.disassociate(ctx, link.id)
    assert raised.value.message == (
        "That association does not exist any more; it may have been removed "
        "already. Reload the page."
    )


def test_a_removed_link_can_be_made_again(ctx: Context, course: ObjectType) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    associations.disassociate(ctx, link.id)

    again = associations.associate(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=contact.id,
        label="guardian",
    )

    assert again.label == "guardian"


def test_grouped_records_groups_by_type_in_name_order(ctx: Context) -> None:
    student = make_object_type(ctx, "Student", plural="Students", icon="🧑‍🎓")
    course = make_object_type(ctx, "course", plural="Courses", icon="🎓")
    apartment = make_object_type(ctx, "Apartment", every_format=False)
    make_object_type(ctx, "Bus", every_format=False)  # nothing linked: no group
    contact = make_contact(ctx)
    linked = [
        (student, "Ana", date(2025, 1, 1)),
        (course, "Algebra", date(2025, 1, 1)),
        (course, "Geometry", date(2025, 6, 1)),
        (apartment, "Flat 12", date(2024, 5, 5)),
    ]
    for object_type, name, on in linked:
        record = make_record(ctx, object_type, name)
        associations.associate(
            ctx,
            record_id=record.id,
            kind=TargetKind.CONTACT,
            target_id=contact.id,
            associated_on=on,
        )

    groups = associations.grouped_records(ctx, TargetKind.CONTACT, contact.id)

    assert [group.object_type.name for group in groups] == [
        "Apartment",
        "course",
        "Student",
    ]
    assert [group.object_type.title for group in groups] == [
        ":material/category: Apartments",
        "🎓 Courses",
        "🧑‍🎓 Students",
    ]
    assert [item.record.display_name for item in groups[1].items] == [
        "Geometry",
        "Algebra",
    ]


def test_grouped_records_of_a_deal_list_only_its_links(
    ctx: Context, course: ObjectType
) -> None:
    deal, other_deal = make_deal(ctx, "Contract A"), make_deal(ctx, "Contract B")
    mine = make_record(ctx, course, "Algebra")
    theirs = make_record(ctx, course, "Geometry")
    associations.associate(
        ctx, record_id=mine.id, kind=TargetKind.DEAL, target_id=deal.id
    )
    associations.associate(
        ctx, record_id=theirs.id, kind=TargetKind.DEAL, target_id=other_deal.id
    )

    [group] = associations.grouped_records(ctx, TargetKind.DEAL, deal.id)

    assert [item.record.id for item in group.items] == [mine.id]


def test_record_of_an_archived_type_cannot_be_associated(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    object_types.archive_object_type(ctx, course.id)

    with pytest.raises(Conflict) as raised:
        associations.associate(
            ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
        )

    assert raised.value.message == (
        "'Algebra' belongs to an archived object type; restore the type before "
        "associating its records."
    )


@pytest.mark.parametrize(
    ("kind", "known_target", "message"),
    [
        (
            TargetKind.CONTACT,
            False,
            "Contact 'missing' does not exist in this account; pick one from the "
            "contacts list.",
        ),
        (
            TargetKind.DEAL,
            False,
            "Deal 'missing' does not exist in this account; pick one from the "
            "deals list.",
        ),
        (
            TargetKind.CONTACT,
            True,
            "Record 'missing' does not exist in this account; it may have been "
            "deleted.",
        ),
    ],
)
def test_unknown_record_or_target_is_not_found(
    ctx: Context,
    course: ObjectType,
    kind: TargetKind,
    known_target: bool,
    message: str,
) -> None:
    record_id = "missing" if known_target else make_record(ctx, course).id
    target_id = make_contact(ctx).id if known_target else "missing"

    with pytest.raises(NotFound) as raised:
        associations.associate(ctx, record_id=record_id, kind=kind, target_id=target_id)

    assert raised.value.message == message
    assert raised.value.status == 404


def test_grouped_records_of_an_unknown_contact_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound):
        associations.grouped_records(ctx, TargetKind.CONTACT, "missing")


@pytest.fixture
def off_ctx(store: Store) -> Context:
    return context_as(store, make_account(store, "off", custom_objects=False))


MODULE_CALLS: dict[str, Callable[[Context, str], object]] = {
    "associate": lambda ctx, contact_id: associations.associate(
        ctx, record_id="any", kind=TargetKind.CONTACT, target_id=contact_id
    ),
    "disassociate": lambda ctx, _: associations.disassociate(ctx, "any"),
    "grouped_records": lambda ctx, contact_id: associations.grouped_records(
        ctx, TargetKind.CONTACT, contact_id
    ),
    "create_object_type": lambda ctx, _: object_types.create_object_type(
        ctx, name="Course"
    ),
    "list_object_types": lambda ctx, _: object_types.list_object_types(ctx),
    "create_record": lambda ctx, _: records.create_record(ctx, "course", {}),
    "list_records": lambda ctx, _: records.list_records(ctx, "course"),
}


@pytest.mark.parametrize("call", MODULE_CALLS)
def test_module_off_refuses_with_the_exact_message(off_ctx: Context, call: str) -> None:
    contact = make_contact(off_ctx)

    with pytest.raises(ModuleDisabled) as raised:
        MODULE_CALLS[call](off_ctx, contact.id)

    assert (raised.value.message, raised.value.status) == (MODULE_OFF, 403)
