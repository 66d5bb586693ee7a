"""The contacts and deals pages: lists, one by deep link, and its associated
records grouped by object type, with associate and remove."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.crm import Contact, TargetKind
from schemas.object_types import ObjectType
from services import associations, object_types
from services.context import Context
from tests.factories import make_contact, make_deal, make_object_type, make_record
from tests.views.conftest import (
    OpenPage,
    associate,
    errors,
    message_after,
    shown,
    successes,
)
from views.components import WORD_JOINER


@pytest.fixture
def ana(ctx: Context) -> Contact:
    return make_contact(
        ctx,
        "Ana",
        "Silva",
        email="ana@example.com",
        phone="+55 11 5555-0101",
        tags=["aluno", "lead"],
    )


def opened(at) -> list[str]:
    """The names on the list's open buttons, in order."""
    return [b.label for b in at.button if b.key and ".open." in b.key]


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def test_contacts_list_by_name_with_search(
    ctx: Context, ana: Contact, open_page: OpenPage
):
    make_contact(ctx, "Bruno", "Costa", email="bruno@example.com")

    at = open_page("contacts")
    listed = opened(at)
    at.text_input(key="contacts.search").input("bruno@").run()

    assert listed == ["Ana Silva", "Bruno Costa"]
    assert opened(at) == ["Bruno Costa"]
    assert at.main.caption[-1].value == "1 contact"


def test_contacts_are_paged(ctx: Context, open_page: OpenPage):
    for number in range(1, 28):
        make_contact(ctx, "Contact", f"{number:02}")
    at = open_page("contacts")

    at.pagination[0].select(2).run()

    assert opened(at) == ["Contact 26", "Contact 27"]
    assert at.main.caption[-1].value == "27 contacts"


def test_open_a_contact_from_the_list_and_go_back(ana: Contact, open_page: OpenPage):
    at = open_page("contacts")

    at.button(key=f"contacts.open.{ana.id}").click().run()
    details = [m.value for m in at.main.markdown]
    at.button(key="contacts.back").click().run()

    assert at.query_params == {}
    assert rf"**Email:** ana@{WORD_JOINER}example\.com" in details
    assert r"**Phone:** \+55 11 5555\-0101" in details
    assert "**Tags:** :blue-badge[aluno] :blue-badge[lead]" in details
    assert opened(at) == ["Ana Silva"]


def test_unknown_contact_link_says_so(open_page: OpenPage):
    at = open_page("contacts", id="nope")

    assert errors(at) == [
        "Contact 'nope' does not exist in this account; pick one from the "
        "contacts list."
    ]


def test_deal_shows_stage_amount_and_close_date(ctx: Context, open_page: OpenPage):
    deal = make_deal(ctx, "School contract", stage="won", close_date="2025-06-30")

    at = open_page("deals", id=deal.id)

    assert at.header[0].value == "School contract"
    assert [m.value for m in at.main.markdown][:3] == [
        "**Stage:** won",
        r"**Amount:** R\$1,500\.00",
        r"**Close date:** 2025\-06\-30",
    ]


def test_associated_records_grouped_by_type_newest_first(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    house = make_object_type(
        ctx, "Property", plural="Properties", icon="🏠", every_format=False
    )
    for record, label, on in [
        (make_record(ctx, course, "Algebra"), "student", date(2025, 2, 1)),
        (make_record(ctx, course, "Geometry"), "guardian", date(2025, 3, 1)),
        (make_record(ctx, house, "Beach house"), "", date(2025, 1, 5)),
    ]:
        associations.associate(
            ctx,
            record_id=record.id,
            kind=TargetKind.CONTACT,
            target_id=ana.id,
            label=label,
            associated_on=on,
        )

    at = open_page("contacts", id=ana.id)

    assert subheaders(at) == [
        "Associated records",
        "🎓 Courses (2)",
        "🏠 Properties (1)",
        "Associate a record",
    ]
    assert [p.value for p in at.main.page_link] == [
        "Geometry",
        "Algebra",
        "Beach house",
    ]
    markdown = [m.value for m in at.main.markdown]
    assert ":gray-badge[guardian]" in markdown
    assert ":gray-badge[student]" in markdown
    assert [m for m in markdown if m.startswith("since ")] == [
        "since 2025-03-01",
        "since 2025-02-01",
        "since 2025-01-05",
    ]


def test_no_associations_yet_says_so(
    ana: Contact, course: ObjectType, open_page: OpenPage
):
    at = open_page("contacts", id=ana.id)

    assert "No records are associated with this contact yet." in [
        c.value for c in at.main.caption
    ]


def test_associate_a_record_through_the_form(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    make_record(ctx, course, "Geometry")
    at = open_page("contacts", id=ana.id)

    associate(at, "contact", "course", "alg", label="student", on=date(2025, 3, 1))

    assert successes(at) == [
        "Associated Course 'Algebra' with contact 'Ana Silva' as student."
    ]
    assert "🎓 Courses (1)" in subheaders(at)
    assert [p.value for p in at.main.page_link] == ["Algebra"]
    assert "since 2025-03-01" in [m.value for m in at.main.markdown]
    assert at.text_input(key="contact_association~1.label").value == ""


def test_associate_is_dated_today_by_default(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    at = open_page("contacts", id=ana.id)

    associate(at, "contact", "course", "Algebra")

    [group] = associations.grouped_records(ctx, TargetKind.CONTACT, ana.id)
    assert group.items[0].association.associated_on == date.today()


def test_associating_twice_shows_the_refusal(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    at = open_page("contacts", id=ana.id)
    associate(at, "contact", "course", "Algebra", label="student")

    associate(at, "contact", "course", "Algebra", label="guardian")

    assert errors(at) == [
        "Course 'Algebra' is already associated with contact 'Ana Silva'; remove "
        "that association first to link it again with another label or date."
    ]
    assert at.text_input(key="contact_association~1.label").value == "guardian"
    assert ":gray-badge[student]" in [m.value for m in at.main.markdown]


def test_too_long_label_shows_message_beside_it(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    at = open_page("contacts", id=ana.id)

    associate(at, "contact", "course", "Algebra", label="x" * 81)

    assert message_after(at, "contact_association.label") == (
        "The association label is 81 characters long; keep it within 80, like "
        "'student' or 'guardian'."
    )


def test_associate_waits_for_a_chosen_record(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    make_record(ctx, course, "Geometry")
    at = open_page("contacts", id=ana.id)

    at.text_input(key="contact_association.course.search").input("zzz").run()

    assert at.selectbox(key="contact_association.course.record[zzz]").options == []
    assert at.button(key="contact_association.submit").disabled


def test_archived_types_are_not_offered(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    house = make_object_type(ctx, "Property", plural="Properties", every_format=False)
    object_types.archive_object_type(ctx, house.id)

    at = open_page("contacts", id=ana.id)

    assert at.selectbox(key="contact_association.type").options == ["🎓 Courses"]


def test_remove_an_association(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    algebra = make_record(ctx, course, "Algebra")
    link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.CONTACT, target_id=ana.id
    )
    at = open_page("contacts", id=ana.id)

    at.button(key=f"contact_association.remove.{link.id}").click().run()
    asked = [shown(w.value) for w in at.warning]
    at.button(key=f"contact_association.remove.{link.id}.yes").click().run()

    assert asked == [
        "Remove the association with Course 'Algebra'? The Course itself stays."
    ]
    assert successes(at) == ["Removed the association with Course 'Algebra'."]
    assert associations.grouped_records(ctx, TargetKind.CONTACT, ana.id) == []
    assert at.main.page_link.len == 0


def test_associate_a_record_with_a_deal(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    deal = make_deal(ctx, "School contract")
    at = open_page("deals", id=deal.id)

    associate(at, "deal", "course", "Algebra", label="product")

    assert successes(at) == [
        "Associated Course 'Algebra' with deal 'School contract' as product."
    ]
    assert "🎓 Courses (1)" in subheaders(at)


def test_module_off_lists_contacts(ana: Contact, module_off: None, open_page: OpenPage):
    at = open_page("contacts")

    assert opened(at) == ["Ana Silva"]
    assert errors(at) == []


@pytest.mark.parametrize("kind", ["contacts", "deals"])
def test_module_off_shows_details_without_associations(
    ctx: Context, ana: Contact, module_off: None, open_page: OpenPage, kind: str
):
    target = ana if kind == "contacts" else make_deal(ctx, "School contract")

    at = open_page(kind, id=target.id)

    assert at.header[0].value == target.name
    assert errors(at) == []
    assert subheaders(at) == []
    assert [b.key for b in at.button if "association" in (b.key or "")] == []
