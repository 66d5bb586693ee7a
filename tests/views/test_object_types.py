"""The object types page: list, create, open one, its fields, archive, delete."""

from __future__ import annotations

import pytest

from schemas.object_types import FieldFormat, FieldInput
from services import object_types
from services.context import Context
from tests.factories import make_object_type, make_record
from tests.views.conftest import OpenPage, errors, message_after, successes


def fields_table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_lists_types_and_hides_archived_until_asked(ctx: Context, open_page: OpenPage):
    make_object_type(ctx, "Course", every_format=False)
    archived = make_object_type(ctx, "Property", every_format=False)
    object_types.archive_object_type(ctx, archived.id)

    at = open_page("object_types")
    shown = [b.key for b in at.button if b.key and b.key.startswith("types.open.")]
    at.toggle(key="types.show_archived").set_value(True).run()
    all_shown = [b.key for b in at.button if b.key and b.key.startswith("types.open.")]

    assert shown == ["types.open.course"]
    assert all_shown == ["types.open.course", "types.open.property"]


def test_create_type_opens_it_with_its_primary_property(open_page: OpenPage):
    at = open_page("object_types")

    at.text_input(key="type_new.name").input("Course")
    at.text_input(key="type_new.plural").input("Courses")
    at.selectbox(key="type_new.icon").select("🎓")
    at.text_area(key="type_new.description").input("What the school teaches")
    at.text_input(key="type_new.primary_label").input("Course name")
    at.button(key="type_new.submit").click().run()

    assert successes(at) == ["Object type 'Course' created."]
    assert at.query_params == {"type": "course"}
    assert at.title[0].value == "🎓 Course"
    assert fields_table(at) == [
        {
            "Label": "Course name",
            "Key": "course_name",
            "Format": "Text",
            "Required": True,
            "Primary": True,
            "Options": "",
        }
    ]


def test_custom_icon_wins_over_the_chosen_one(ctx: Context, open_page: OpenPage):
    at = open_page("object_types")

    at.text_input(key="type_new.name").input("Trip")
    at.text_input(key="type_new.custom_icon").input(":material/flight:")
    at.button(key="type_new.submit").click().run()

    assert object_types.get_object_type(ctx, "trip").icon == ":material/flight:"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "The object type name is empty; enter a name such as 'Course'."),
        ("   ", "The object type name is empty; enter a name such as 'Course'."),
        ("🎓", "The object type name '🎓' needs at least one letter or digit."),
        (
            "x" * 81,
            f"The object type name '{'x' * 20}…' is 81 characters long; keep it "
            "within 80.",
        ),
    ],
)
def test_bad_type_name_shows_message_under_name_and_keeps_input(
    open_page: OpenPage, name: str, message: str
):
    at = open_page("object_types")

    at.text_input(key="type_new.name").input(name)
    at.text_input(key="type_new.plural").input("Courses")
    at.button(key="type_new.submit").click().run()

    assert message_after(at, "type_new.name") == message
    assert errors(at) == [message]
    assert at.text_input(key="type_new.plural").value == "Courses"
    assert at.query_params == {}


def test_duplicate_type_name_shows_refusal(ctx: Context, open_page: OpenPage):
    make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types")

    at.text_input(key="type_new.name").input("course")
    at.button(key="type_new.submit").click().run()

    assert errors(at) == [
        "An object type named 'Course' already exists; choose another name."
    ]


def test_problem_stays_until_next_submit(open_page: OpenPage):
    at = open_page("object_types")
    at.button(key="type_new.submit").click().run()

    at.toggle(key="types.show_archived").set_value(True).run()
    kept = errors(at)
    at.text_input(key="type_new.name").input("Course")
    at.button(key="type_new.submit").click().run()

    assert kept == ["The object type name is empty; enter a name such as 'Course'."]
    assert errors(at) == []


def test_open_button_deep_links_to_the_type(ctx: Context, open_page: OpenPage):
    make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types")

    at.button(key="types.open.course").click().run()

    assert at.query_params == {"type": "course"}
    assert at.title[0].value.endswith("Course")


def test_unknown_type_in_link_says_so(open_page: OpenPage):
    at = open_page("object_types", type="nothing")

    assert errors(at) == [
        "Object type 'nothing' does not exist in this account; pick one from the "
        "object types page."
    ]


@pytest.mark.parametrize(
    ("field_format", "label", "expected_format"),
    [
        ("text", "Summary", "Text"),
        ("number", "Seats", "Number"),
        ("currency", "Price", "Currency"),
        ("date", "Start date", "Date"),
        ("yes_no", "Online", "Yes/no"),
        ("link", "Website", "Link"),
    ],
)
def test_add_field_of_a_format(
    ctx: Context,
    open_page: OpenPage,
    field_format: str,
    label: str,
    expected_format: str,
):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"field_new.{course.id}"

    at.selectbox(key=f"{form}.format").select(field_format).run()
    at.text_input(key=f"{form}.label").input(label)
    at.toggle(key=f"{form}.required").set_value(True)
    at.button(key=f"{form}.submit").click().run()

    assert successes(at) == [f"Field '{label}' added."]
    assert fields_table(at)[-1] | {"Key": ""} == {
        "Label": label,
        "Key": "",
        "Format": expected_format,
        "Required": True,
        "Primary": False,
        "Options": "",
    }


@pytest.mark.parametrize(
    ("choice", "expected_format"),
    [("Single choice", "List"), ("Multiple choice", "List (multiple)")],
)
def test_add_list_field_with_options_one_per_line(
    ctx: Context, open_page: OpenPage, choice: str, expected_format: str
):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"field_new.{course.id}"

    at.selectbox(key=f"{form}.format").select("list").run()
    at.text_input(key=f"{form}.label").input("Level")
    at.text_area(key=f"{form}.options").input("Beginner\n\nAdvanced\n")
    at.radio(key=f"{form}.choice").set_value(choice)
    at.button(key=f"{form}.submit").click().run()

    assert fields_table(at)[-1]["Format"] == expected_format
    assert fields_table(at)[-1]["Options"] == "Beginner, Advanced"
    level = object_types.get_object_type(ctx, "course").field("level")
    assert [option.key for option in level.options] == ["beginner", "advanced"]


@pytest.mark.parametrize(
    ("field_format", "label", "options", "field", "message"),
    [
        (
            "text",
            "",
            "",
            "label",
            "The field label is empty; enter a label such as 'Start date'.",
        ),
        (
            "text",
            "Name",
            "",
            "label",
            "Field 'Name' would get the key 'name', which field 'Name' already "
            "uses; choose another label.",
        ),
        (
            "list",
            "Level",
            "\n \n",
            "options",
            "List field 'Level' needs at least one option; add options such as "
            "'Beginner' and 'Advanced'.",
        ),
        (
            "list",
            "Level",
            "Beginner\nbeginner",
            "options",
            "List field 'Level' has the option 'beginner' twice; give each option "
            "a different label.",
        ),
    ],
)
def test_bad_new_field_shows_message_beside_the_widget(
    ctx: Context,
    open_page: OpenPage,
    field_format: str,
    label: str,
    options: str,
    field: str,
    message: str,
):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"field_new.{course.id}"
    at.selectbox(key=f"{form}.format").select(field_format).run()

    at.text_input(key=f"{form}.label").input(label)
    if field_format == "list":
        at.text_area(key=f"{form}.options").input(options)
    at.button(key=f"{form}.submit").click().run()

    assert message_after(at, f"{form}.{field}") == message
    assert at.text_input(key=f"{form}.label").value == label
    assert len(object_types.get_object_type(ctx, "course").fields) == 1


def test_edit_field_label_description_required_and_options(
    ctx: Context, open_page: OpenPage
):
    course = make_object_type(ctx, "Course", every_format=False)
    object_types.add_field(
        ctx,
        course.id,
        FieldInput(label="Level", format=FieldFormat.LIST, options=["Basic", "Pro"]),
    )
    at = open_page("object_types", type="course")
    at.selectbox(key=f"fields.pick.{course.id}").select("level").run()
    form = f"field_edit.{course.id}.level"

    at.text_input(key=f"{form}.label").input("Course level")
    at.text_area(key=f"{form}.description").input("As on the brochure")
    at.toggle(key=f"{form}.required").set_value(True)
    at.text_area(key=f"{form}.options").input("Beginner\nProfessional\nMaster")
    at.button(key=f"{form}.submit").click().run()

    assert successes(at) == ["Field 'Course level' saved."]
    level = object_types.get_object_type(ctx, "course").field("level")
    assert (level.label, level.description, level.required) == (
        "Course level",
        "As on the brochure",
        True,
    )
    assert [(o.key, o.label) for o in level.options] == [
        ("basic", "Beginner"),
        ("pro", "Professional"),
        ("master", "Master"),
    ]
    assert at.text_input(key=f"{form}~1.label").value == "Course level"


def test_dropping_an_option_in_use_shows_refusal(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra", level="beginner")
    at = open_page("object_types", type="course")
    at.selectbox(key=f"fields.pick.{course.id}").select("level").run()
    form = f"field_edit.{course.id}.level"

    at.text_area(key=f"{form}.options").input("Intermediate\nAdvanced")
    at.button(key=f"{form}.submit").click().run()

    assert errors(at) == [
        "Option 'Beginner' of field 'Level' is used by 1 Course; change those "
        "records first, or rename the option instead."
    ]
    assert at.text_area(key=f"{form}.options").value == "Intermediate\nAdvanced"


@pytest.mark.parametrize(
    ("field", "button", "expected"),
    [
        ("seats", "down", ["name", "summary", "price", "seats"]),
        ("seats", "up", ["name", "seats", "summary", "price"]),
    ],
)
def test_move_field_reorders_the_table(
    ctx: Context, open_page: OpenPage, field: str, button: str, expected: list[str]
):
    course = make_object_type(ctx, "Course", every_format=False)
    for label, field_format in [
        ("Summary", FieldFormat.TEXT),
        ("Seats", FieldFormat.NUMBER),
        ("Price", FieldFormat.CURRENCY),
    ]:
        object_types.add_field(
            ctx, course.id, FieldInput(label=label, format=field_format)
        )
    at = open_page("object_types", type="course")
    at.selectbox(key=f"fields.pick.{course.id}").select(field).run()

    at.button(key=f"fields.actions.{course.id}.{button}").click().run()

    assert [row["Key"] for row in fields_table(at)] == expected


def test_first_field_cannot_move_up(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course", every_format=False)

    at = open_page("object_types", type="course")

    assert at.button(key=f"fields.actions.{course.id}.up").disabled
    assert at.button(key=f"fields.actions.{course.id}.down").disabled


def test_make_primary_renames_records(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra", summary="Numbers and letters")
    at = open_page("object_types", type="course")
    at.selectbox(key=f"fields.pick.{course.id}").select("summary").run()

    at.button(key=f"fields.actions.{course.id}.primary").click().run()

    primary = [row["Key"] for row in fields_table(at) if row["Primary"]]
    assert primary == ["summary"]
    assert successes(at) == ["'Summary' now names each Course."]
    assert at.button(key=f"fields.actions.{course.id}.primary").disabled


def test_yes_no_field_cannot_be_primary(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course")
    at = open_page("object_types", type="course")
    at.selectbox(key=f"fields.pick.{course.id}").select("online").run()

    at.button(key=f"fields.actions.{course.id}.primary").click().run()

    assert errors(at) == [
        "Field 'Online' is a yes/no field and cannot be the primary property; "
        "choose a text, number, date, list or link field."
    ]


def test_edit_type_details_keeps_its_key(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"type_edit.{course.id}"

    at.text_input(key=f"{form}.name").input("Class")
    at.text_input(key=f"{form}.plural").input("Classes")
    at.selectbox(key=f"{form}.icon").select("📚")
    at.text_area(key=f"{form}.description").input("Taught weekly")
    at.button(key=f"{form}.submit").click().run()

    saved = object_types.get_object_type(ctx, course.id)
    assert (saved.key, saved.name, saved.plural, saved.icon, saved.description) == (
        "course",
        "Class",
        "Classes",
        "📚",
        "Taught weekly",
    )
    assert at.text_input(key=f"{form}~1.key").disabled
    assert at.title[0].value == "📚 Class"


@pytest.mark.parametrize(
    ("widget", "message"),
    [
        ("name", "The object type name is empty; enter a name such as 'Course'."),
        ("plural", "The plural name is empty; enter a name such as 'Courses'."),
    ],
)
def test_blank_detail_shows_message_beside_it(
    ctx: Context, open_page: OpenPage, widget: str, message: str
):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"type_edit.{course.id}"

    at.text_input(key=f"{form}.{widget}").input("")
    at.button(key=f"{form}.submit").click().run()

    assert message_after(at, f"{form}.{widget}") == message


def test_archive_then_restore(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    form = f"type_lifecycle.{course.id}"

    at.button(key=f"{form}.archive").click().run()
    archived = object_types.get_object_type(ctx, course.id).archived
    at.button(key=f"{form}.restore").click().run()

    assert archived
    assert not object_types.get_object_type(ctx, course.id).archived
    assert successes(at) == ["Object type 'Course' restored."]


def test_delete_type_with_records_says_to_archive(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra")
    at = open_page("object_types", type="course")
    delete = f"type_lifecycle.{course.id}.delete"

    at.button(key=delete).click().run()
    at.button(key=f"{delete}.yes").click().run()

    assert errors(at) == [
        "Object type 'Course' still has 1 record; archive it instead, or delete "
        "its records first."
    ]
    assert object_types.get_object_type(ctx, course.id).name == "Course"


def test_delete_empty_type_after_confirming(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    delete = f"type_lifecycle.{course.id}.delete"

    at.button(key=delete).click().run()
    at.button(key=f"{delete}.yes").click().run()

    assert successes(at) == ["Object type 'Course' deleted."]
    assert at.query_params == {}
    assert object_types.list_object_types(ctx, include_archived=True) == []


def test_cancel_delete_keeps_type(ctx: Context, open_page: OpenPage):
    course = make_object_type(ctx, "Course", every_format=False)
    at = open_page("object_types", type="course")
    delete = f"type_lifecycle.{course.id}.delete"

    at.button(key=delete).click().run()
    at.button(key=f"{delete}.no").click().run()

    assert [t.key for t in object_types.list_object_types(ctx)] == ["course"]
    assert at.button(key=delete).label == "Delete…"
