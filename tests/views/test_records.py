"""The records page: one type's records, paged, searched, sorted, created,
edited and deleted through forms whose widgets fit each field's format."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations, object_types, records
from services.context import Context
from tests.factories import make_contact, make_object_type, make_record
from tests.views.conftest import OpenPage, errors, message_after, shown, successes

ALGEBRA = {
    "summary": "Numbers and letters",
    "seats": 30,
    "price": {"amount": "1250.50", "currency": "BRL"},
    "start_date": "2025-03-01",
    "online": True,
    "level": "advanced",
    "topics": ["maths", "art"],
    "website": "https://school.example/algebra",
}


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course")


def table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records") if at.dataframe else []


def names(at) -> list[str]:
    return [row["Name"] for row in table(at)]


def fill_new_record(at, form: str) -> None:
    at.text_input(key=f"{form}.name").input("Algebra")
    at.text_input(key=f"{form}.summary").input("Numbers and letters")
    at.text_input(key=f"{form}.seats").input("30")
    at.text_input(key=f"{form}.price.amount").input("1250.50")
    at.selectbox(key=f"{form}.price.currency").set_value("USD")
    at.date_input(key=f"{form}.start_date").set_value(date(2025, 3, 1))
    at.toggle(key=f"{form}.online").set_value(True)
    at.selectbox(key=f"{form}.level").set_value("advanced")
    at.multiselect(key=f"{form}.topics").set_value(["maths", "art"])
    at.text_input(key=f"{form}.website").input("https://school.example/algebra")


def test_table_shows_values_formatted(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra", **ALGEBRA)

    at = open_page("records", type="course")

    assert table(at) == [
        {
            "Name": "Algebra",
            "Summary": "Numbers and letters",
            "Seats": "30",
            "Price": "R$1,250.50",
            "Start date": "2025-03-01",
            "Online": "Yes",
            "Level": "Advanced",
            "Topics": "Maths, Art",
            "Website": "https://school.example/algebra",
        }
    ]
    assert at.main.caption[-1].value == "1 course"


def test_no_types_points_to_the_object_types_page(open_page: OpenPage):
    at = open_page("records")

    assert [i.value for i in at.info] == [
        "No object types yet; create one on the Object types page first."
    ]


def test_type_comes_from_the_link_and_goes_back_into_it(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    make_object_type(ctx, "Property", plural="Properties", every_format=False)

    at = open_page("records", type="property")
    linked = at.selectbox(key="records.type").value
    at.selectbox(key="records.type").select("course").run()

    assert linked == "property"
    assert at.selectbox(key="records.type").options == ["Courses", "Properties"]
    assert at.query_params == {"type": "course"}
    assert at.text_input[0].label == "Search by Name"


def test_unknown_type_in_link_says_so_and_shows_the_first(
    course: ObjectType, open_page: OpenPage
):
    at = open_page("records", type="gone")

    assert errors(at) == [
        "Object type 'gone' does not exist in this account; pick one from the "
        "object types page."
    ]
    assert at.query_params == {"type": "course"}


def test_create_record_with_a_widget_per_format(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    form = f"record_new.{course.id}"

    fill_new_record(at, form)
    at.button(key=f"{form}.submit").click().run()

    assert successes(at) == ["Course 'Algebra' created."]
    [created] = records.list_records(ctx, course.id).records
    assert created.values == {
        "name": "Algebra",
        "summary": "Numbers and letters",
        "seats": 30,
        "price": {"amount_minor": 125050, "currency": "USD"},
        "start_date": "2025-03-01",
        "online": True,
        "level": "advanced",
        "topics": ["maths", "art"],
        "website": "https://school.example/algebra",
    }
    assert at.text_input(key=f"{form}~1.name").value == ""


def test_optional_fields_left_empty_are_not_stored(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    form = f"record_new.{course.id}"

    at.text_input(key=f"{form}.name").input("Algebra")
    at.button(key=f"{form}.submit").click().run()

    [created] = records.list_records(ctx, course.id).records
    assert created.values == {"name": "Algebra", "online": False}


@pytest.mark.parametrize(
    ("widget", "typed", "beside", "message"),
    [
        (
            "seats",
            "abc",
            "seats",
            "Field 'Seats' expects a number like 42 or 3.5; got 'abc'.",
        ),
        (
            "price.amount",
            "abc",
            "price.currency",
            "Field 'Price' expects an amount like 12.50; got 'abc'.",
        ),
        (
            "price.amount",
            "12.345",
            "price.currency",
            "Field 'Price' allows at most 2 decimal places in BRL, like 12.50; got "
            "'12.345'.",
        ),
        (
            "website",
            "school.example",
            "website",
            "Field 'Website' expects a web address starting with http:// or "
            "https://, like https://example.com; got 'school.example'.",
        ),
        ("name", "", "name", "Field 'Name' is required; enter a value."),
    ],
)
def test_bad_value_shows_message_next_to_its_field_and_keeps_typing(
    ctx: Context,
    course: ObjectType,
    open_page: OpenPage,
    widget: str,
    typed: str,
    beside: str,
    message: str,
):
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    form = f"record_new.{course.id}"
    at.text_input(key=f"{form}.name").input("Algebra")
    at.text_input(key=f"{form}.summary").input("Numbers and letters")
    at.multiselect(key=f"{form}.topics").set_value(["art"])

    at.text_input(key=f"{form}.{widget}").input(typed)
    at.button(key=f"{form}.submit").click().run()

    assert message_after(at, f"{form}.{beside}") == message
    assert errors(at) == [message]
    assert at.text_input(key=f"{form}.{widget}").value == typed
    assert at.text_input(key=f"{form}.summary").value == "Numbers and letters"
    assert at.multiselect(key=f"{form}.topics").value == ["art"]
    assert records.list_records(ctx, course.id).total == 0


def test_every_bad_field_gets_its_own_message(course: ObjectType, open_page: OpenPage):
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    form = f"record_new.{course.id}"

    at.text_input(key=f"{form}.seats").input("abc")
    at.text_input(key=f"{form}.website").input("ftp://files")
    at.button(key=f"{form}.submit").click().run()

    assert message_after(at, f"{form}.name") == (
        "Field 'Name' is required; enter a value."
    )
    assert message_after(at, f"{form}.seats") == (
        "Field 'Seats' expects a number like 42 or 3.5; got 'abc'."
    )
    assert message_after(
        at,
        f"{form}.website",
    ) == (
        "Field 'Website' expects a web address starting with http:// or https://, "
        "like https://example.com; got 'ftp://files'."
    )
    assert message_after(at, f"{form}.summary") is None


def test_archived_type_offers_no_new_record_form(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    object_types.archive_object_type(ctx, course.id)

    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()

    assert [i.value for i in at.info] == [
        "Object type 'Course' is archived; restore it on the Object types page to "
        "add records."
    ]
    assert not [b for b in at.button if b.key == f"record_new.{course.id}.submit"]


def test_search_on_the_primary_property(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    for name in ["Algebra", "Geometry", "Linear algebra"]:
        make_record(ctx, course, name)
    at = open_page("records", type="course")

    at.text_input(key=f"records.{course.id}.search").input("ALGEBRA").run()

    assert names(at) == ["Algebra", "Linear algebra"]


def test_search_without_matches_says_so(course: ObjectType, open_page: OpenPage):
    at = open_page("records", type="course")

    at.text_input(key=f"records.{course.id}.search").input("zzz").run()

    assert [i.value for i in at.info] == ["No Courses match 'zzz'."]


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("name", False, ["Algebra", "Biology", "Chemistry"]),
        ("name", True, ["Chemistry", "Biology", "Algebra"]),
        ("seats", False, ["Biology", "Chemistry", "Algebra"]),
        ("price", True, ["Chemistry", "Algebra", "Biology"]),
    ],
)
def test_sort_on_any_field(
    ctx: Context,
    course: ObjectType,
    open_page: OpenPage,
    sort: str,
    descending: bool,
    expected: list[str],
):
    for name, seats, price in [
        ("Biology", 5, "10"),
        ("Algebra", 30, "20"),
        ("Chemistry", 12, "30"),
    ]:
        make_record(
            ctx, course, name, seats=seats, price={"amount": price, "currency": "BRL"}
        )
    at = open_page("records", type="course")

    at.selectbox(key=f"records.{course.id}.sort").select(sort)
    at.toggle(key=f"records.{course.id}.descending").set_value(descending).run()

    assert names(at) == expected


def test_pages_through_records(ctx: Context, course: ObjectType, open_page: OpenPage):
    for number in range(1, 24):
        make_record(ctx, course, f"Course {number:02}")
    at = open_page("records", type="course")

    at.selectbox(key=f"records.{course.id}.page_size").select(10).run()
    first = names(at)
    at.pagination[0].select(3).run()

    assert first == [f"Course {n:02}" for n in range(1, 11)]
    assert at.pagination[0].num_pages == 3
    assert names(at) == ["Course 21", "Course 22", "Course 23"]
    assert at.main.caption[-1].value == "23 courses"


def test_a_new_search_starts_at_the_first_page(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    for number in range(1, 24):
        make_record(ctx, course, f"Course {number:02}")
    at = open_page("records", type="course")
    at.selectbox(key=f"records.{course.id}.page_size").select(10).run()
    at.pagination[0].select(3).run()

    at.text_input(key=f"records.{course.id}.search").input("course").run()

    assert names(at)[0] == "Course 01"


def test_a_page_gone_meanwhile_shows_the_first_page(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    made = [make_record(ctx, course, f"Course {n:02}") for n in range(1, 24)]
    at = open_page("records", type="course")
    at.selectbox(key=f"records.{course.id}.page_size").select(10).run()
    at.pagination[0].select(3).run()

    for record in made[10:]:
        records.delete_record(ctx, record.id)
    at.run()

    assert names(at) == [f"Course {n:02}" for n in range(1, 11)]
    assert at.main.caption[-1].value == "10 courses"


def pick(at, course: ObjectType, search: str) -> None:
    picker = f"record_pick.{course.id}"
    at.segmented_control(key="records.mode").set_value("edit").run()
    at.text_input(key=f"{picker}.search").input(search).run()


def test_edit_form_is_prefilled_and_saves(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    record = make_record(ctx, course, "Algebra", **ALGEBRA)
    at = open_page("records", type="course")
    pick(at, course, "alg")
    form = f"record_edit.{record.id}"

    prefilled = (
        at.text_input(key=f"{form}.name").value,
        at.text_input(key=f"{form}.seats").value,
        at.text_input(key=f"{form}.price.amount").value,
        at.selectbox(key=f"{form}.price.currency").value,
        at.date_input(key=f"{form}.start_date").value,
        at.toggle(key=f"{form}.online").value,
        at.selectbox(key=f"{form}.level").value,
        at.multiselect(key=f"{form}.topics").value,
    )
    at.text_input(key=f"{form}.seats").input("25")
    at.toggle(key=f"{form}.online").set_value(False)
    at.button(key=f"{form}.submit").click().run()

    assert prefilled == (
        "Algebra",
        "30",
        "1250.50",
        "BRL",
        date(2025, 3, 1),
        True,
        "advanced",
        ["maths", "art"],
    )
    assert successes(at) == ["Course 'Algebra' saved."]
    saved = records.get_record(ctx, record.id)
    assert (saved.values["seats"], saved.values["online"]) == (25, False)


def test_edit_refused_keeps_typing_and_record(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    record = make_record(ctx, course, "Algebra", seats=30)
    at = open_page("records", type="course")
    pick(at, course, "Algebra")
    form = f"record_edit.{record.id}"

    at.text_input(key=f"{form}.seats").input("thirty")
    at.button(key=f"{form}.submit").click().run()

    assert message_after(at, f"{form}.seats") == (
        "Field 'Seats' expects a number like 42 or 3.5; got 'thirty'."
    )
    assert at.text_input(key=f"{form}.seats").value == "thirty"
    assert records.get_record(ctx, record.id).values["seats"] == 30


def test_delete_record_after_confirming(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    record = make_record(ctx, course, "Algebra")
    contact = make_contact(ctx)
    associations.associate(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
    )
    at = open_page("records", type="course")
    pick(at, course, "Algebra")
    delete = f"record_delete.{record.id}"

    at.button(key=delete).click().run()
    asked = [shown(w.value) for w in at.warning]
    at.button(key=f"{delete}.yes").click().run()

    assert asked == [
        "Delete Course 'Algebra' and its associations? This cannot be undone."
    ]
    assert successes(at) == ["Course 'Algebra' deleted, with 1 association."]
    assert records.list_records(ctx, course.id).total == 0


def test_module_off_shows_why(module_off: None, open_page: OpenPage):
    at = open_page("records")

    assert errors(at) == [
        "Custom Objects is not enabled for this account. Ask an administrator to "
        "enable it in Settings → Modules."
    ]
