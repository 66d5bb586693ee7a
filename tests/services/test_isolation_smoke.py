"""A first check that one account never sees another's types, records or links
(the full isolation suite is issue #3)."""

from __future__ import annotations

import pytest

from schemas.crm import TargetKind
from services import associations, object_types, records
from services.context import Context
from services.errors import NotFound
from tests.factories import make_contact, make_object_type, make_record


def test_other_account_sees_none_of_the_types_records_or_links(
    ctx: Context, other_ctx: Context
) -> None:
    course = make_object_type(ctx, "Course")
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    link = associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )

    listed = object_types.list_object_types(other_ctx, include_archived=True)
    lookups = [
        lambda: object_types.get_object_type(other_ctx, course.id),
        lambda: object_types.get_object_type(other_ctx, "course"),
        lambda: records.get_record(other_ctx, record.id),
        lambda: records.list_records(other_ctx, course.id),
        lambda: associations.grouped_records(other_ctx, TargetKind.CONTACT, contact.id),
        lambda: associations.disassociate(other_ctx, link.id),
        lambda: records.delete_record(other_ctx, record.id),
        lambda: object_types.archive_object_type(other_ctx, course.id),
        lambda: object_types.delete_object_type(other_ctx, course.id),
    ]

    assert listed == []
    for lookup in lookups:
        with pytest.raises(NotFound):
            lookup()
    [group] = associations.grouped_records(ctx, TargetKind.CONTACT, contact.id)
    assert [item.association.id for item in group.items] == [link.id]
    assert not object_types.get_object_type(ctx, course.id).archived


def test_other_account_cannot_link_across_accounts(
    ctx: Context, other_ctx: Context
) -> None:
    mine = make_record(ctx, make_object_type(ctx, "Course"), "Algebra")
    their_contact = make_contact(other_ctx, "Bruno")

    with pytest.raises(NotFound):
        associations.associate(
            ctx, record_id=mine.id, kind=TargetKind.CONTACT, target_id=their_contact.id
        )
    with pytest.raises(NotFound):
        associations.associate(
            other_ctx,
            record_id=mine.id,
            kind=TargetKind.CONTACT,
            target_id=their_contact.id,
        )

    assert (
        associations.grouped_records(other_ctx, TargetKind.CONTACT, their_contact.id)
        == []
    )


def test_names_keys_and_external_ids_are_unique_per_account_only(
    ctx: Context, other_ctx: Context
) -> None:
    mine = make_object_type(ctx, "Course", every_format=False)
    make_record(ctx, mine, "Algebra", external_id="SIS-1")

    theirs = make_object_type(other_ctx, "Course", every_format=False)
    their_record = make_record(other_ctx, theirs, "Algebra", external_id="SIS-1")

    assert (theirs.key, their_record.external_id) == ("course", "SIS-1")
    assert records.list_records(ctx, mine.id).total == 1
    assert records.list_records(other_ctx, theirs.id).total == 1
