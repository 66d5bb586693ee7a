"""What people type is shown as typed, never as Markdown; and the small things a
tester found: stale problems, a confirmed Remove, honest and accurate wording,
dropdown icons, and association dates in the future."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from schemas.crm import Contact, TargetKind
from schemas.object_types import FieldFormat, FieldInput, ObjectType
from schemas.users import Role
from services import api_keys, associations, object_types, records, users
from services.context import Context
from tests.factories import make_contact, make_object_type, make_record
from tests.views.conftest import (
    OpenPage,
    associate,
    errors,
    keys,
    message_after,
    successes,
)
from views.components import WORD_JOINER as WJ
from views.components import icon_markup, plain

EVIL_LABEL = "x] :red[INJETADO] [link](https://evil.example)"
EVIL_TYPE = "Lote [clique aqui](https://evil.example)"
# "(https://evil.example)" as the pages write it: every mark escaped, and a
# word joiner after the colon so that the address is no live link.
SHOWN_URL = rf"\(https\:{WJ}\/\/evil\.example\)"
SHOWN_LABEL = rf"x\] \:{WJ}red\[INJETADO\] \[link\]{SHOWN_URL}"
SHOWN_TYPE = rf"Lote \[clique aqui\]{SHOWN_URL}"


@pytest.fixture
def ana(ctx: Context) -> Contact:
    return make_contact(ctx, "Ana", "Silva", email="ana@example.com")


@pytest.fixture
def lesson(ctx: Context) -> ObjectType:
    """A type with a Material icon, which select boxes cannot draw."""
    return make_object_type(ctx, "Lesson", icon=":material/school:", every_format=False)


def link(ctx: Context, record_id: str, contact: Contact, **fields) -> str:
    return associations.associate(
        ctx,
        record_id=record_id,
        kind=TargetKind.CONTACT,
        target_id=contact.id,
        **fields,
    ).id


def markdown(at) -> list[str]:
    return [m.value for m in at.main.markdown]


# --- user text is shown literally ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Algebra", "Algebra"),
        ("**Curso**", r"\*\*Curso\*\*"),
        ("_x_ `y` ~z~", r"\_x\_ \`y\` \~z\~"),
        ("[a](https://e.x)", rf"\[a\]\(https\:{WJ}\/\/e\.x\)"),
        (":red[alerta]", rf"\:{WJ}red\[alerta\]"),
        (":material/home:", rf"\:{WJ}material\/home\:{WJ}"),
        (":streamlit: :tada:", rf"\:{WJ}streamlit\:{WJ} \:{WJ}tada\:{WJ}"),
        ("www.evil.example", rf"www{WJ}\.evil\.example"),
        ("ana@example.com", rf"ana@{WJ}example\.com"),
        ("# 1. - + ! | < > { } $x$", r"\# 1\. \- \+ \! \| \< \> \{ \} \$x\$"),
        (r"a\b &lt;", r"a\\b \&lt;"),
        ("Preço 🎓 ação", "Preço 🎓 ação"),
    ],
)
def test_plain_escapes_markdown_and_streamlit_directives(typed: str, escaped: str):
    assert plain(typed) == escaped


@pytest.mark.parametrize(
    ("icon", "markup"),
    [
        (":material/school:", ":material/school:"),
        ("🎓", "🎓"),
        ("[x](https://e.x)", rf"\[x\]\(https\:{WJ}\/\/e\.x\)"),
        (":material/x: :red[y]", rf"\:{WJ}material\/x\:{WJ} \:{WJ}red\[y\]"),
    ],
)
def test_only_a_material_icon_or_an_emoji_renders_as_an_icon(icon: str, markup: str):
    assert icon_markup(icon) == markup


def test_association_label_record_and_type_names_are_literal_on_the_contact_page(
    ctx: Context, ana: Contact, open_page: OpenPage
):
    lots = make_object_type(
        ctx, EVIL_TYPE, plural=EVIL_TYPE, icon=":material/school:", every_format=False
    )
    curso = make_record(ctx, lots, "**Curso**")
    link(ctx, curso.id, ana, label=EVIL_LABEL)

    at = open_page("contacts", id=ana.id)

    assert f":gray-badge[{SHOWN_LABEL}]" in markdown(at)
    assert [p.value for p in at.main.page_link] == [r"\*\*Curso\*\*"]
    assert f":material/school: {SHOWN_TYPE} (1)" in [s.value for s in at.subheader]


def test_type_name_is_literal_in_its_page_title_and_list(
    ctx: Context, open_page: OpenPage
):
    lots = make_object_type(ctx, EVIL_TYPE, every_format=False)

    listed = open_page("object_types")
    at = open_page("object_types", type=lots.key)

    assert listed.button(key=f"types.open.{lots.key}").label == (
        f":material/category: {SHOWN_TYPE}"
    )
    assert at.title[0].value == f":material/category: {SHOWN_TYPE}"


def test_a_typed_icon_that_is_not_an_icon_is_shown_as_typed(
    ctx: Context, open_page: OpenPage
):
    odd = make_object_type(
        ctx, "Batch", icon="[x](https://evil.example)", every_format=False
    )

    at = open_page("object_types", type=odd.key)

    assert at.title[0].value == rf"\[x\]{SHOWN_URL} Batch"


def test_record_name_is_literal_in_messages_and_prompts(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    form = f"record_new.{course.id}"

    at.text_input(key=f"{form}.name").input("**Curso**")
    at.button(key=f"{form}.submit").click().run()
    created = [s.value for s in at.success]
    [curso] = records.list_records(ctx, course.id).records
    at.segmented_control(key="records.mode").set_value("edit").run()
    at.text_input(key=f"record_pick.{course.id}.search").input("Curso").run()
    at.button(key=f"record_delete.{curso.id}").click().run()

    assert created == [r"Course '\*\*Curso\*\*' created\."]
    assert at.selectbox(key=f"record_pick.{course.id}.record[curso]").options == [
        "**Curso**"
    ]
    assert at.warning[0].value == (
        r"Delete Course '\*\*Curso\*\*' and its associations? This cannot be "
        r"undone\."
    )


def test_field_labels_are_literal_and_option_labels_are_not_escaped_twice(
    ctx: Context, course: ObjectType, open_page: OpenPage
):
    object_types.add_field(
        ctx,
        course.id,
        FieldInput(
            label="Level [x](https://evil.example)",
            format=FieldFormat.LIST,
            options=["**Beginner**", "Advanced"],
            description="See [the guide](https://evil.example)",
        ),
    )
    at = open_page("records", type="course")

    at.segmented_control(key="records.mode").set_value("new").run()
    level = at.selectbox(key=f"record_new.{course.id}.level_x_https_evil_example")

    assert level.label == rf"Level \[x\]{SHOWN_URL}"
    assert level.help == rf"See \[the guide\]{SHOWN_URL}"
    assert level.options == ["**Beginner**", "Advanced"]


def test_contact_name_and_tags_are_literal(ctx: Context, open_page: OpenPage):
    evil = make_contact(ctx, "_Ana_", "[x](https://evil.example)", tags=[":red[vip]"])

    listed = open_page("contacts")
    at = open_page("contacts", id=evil.id)

    assert listed.button(key=f"contacts.open.{evil.id}").label == (
        rf"\_Ana\_ \[x\]{SHOWN_URL}"
    )
    assert at.header[0].value == rf"\_Ana\_ \[x\]{SHOWN_URL}"
    assert rf"**Tags:** :blue-badge[\:{WJ}red\[vip\]]" in markdown(at)


def test_user_and_api_key_names_are_literal(ctx: Context, open_page: OpenPage):
    boss, _ = users.create_user(
        ctx,
        email="boss@example.com",
        name="**Boss**",
        role=Role.ADMIN,
        password="long enough",
    )
    api_keys.create_api_key(ctx, name="[sync](https://evil.example)")

    at = open_page("settings_api_keys", user=boss)

    assert at.sidebar.markdown[0].value.startswith(r"**\*\*Boss\*\***")
    [option] = at.selectbox(key="api_key_revoke.key").options
    assert option.startswith("[sync](https://evil.example) (")


def test_service_messages_quote_names_literally(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    curso = make_record(ctx, course, "[Curso](https://evil.example)")
    link(ctx, curso.id, ana)
    at = open_page("contacts", id=ana.id)

    associate(at, "contact", "course", "Curso", label="guardian")

    assert at.error[0].value.startswith(
        rf"Course '\[Curso\]{SHOWN_URL}' is already associated"
    )


# --- Custom Objects off ---------------------------------------------------------


@pytest.mark.parametrize("page", ["records", "object_types"])
def test_module_off_pages_of_the_module_still_say_why(
    module_off: None, open_page: OpenPage, page: str
):
    at = open_page(page)

    assert errors(at) == [
        "Custom Objects is not enabled for this account. Ask an administrator to "
        "enable it in Settings → Modules."
    ]


# --- problems and removal --------------------------------------------------------


def test_a_refused_associate_problem_goes_when_a_remove_succeeds(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    make_record(ctx, course, "Algebra")
    geometry = make_record(ctx, course, "Geometry")
    remove = f"contact_association.remove.{link(ctx, geometry.id, ana)}"
    at = open_page("contacts", id=ana.id)
    associate(at, "contact", "course", "Algebra", label="x" * 100)
    refused = message_after(at, "contact_association.label")

    at.button(key=remove).click().run()
    asking = message_after(at, "contact_association.label")
    at.button(key=f"{remove}.yes").click().run()

    assert refused == (
        "The association label is 100 characters long; keep it within 80, like "
        "'student' or 'guardian'."
    )
    assert asking is None
    assert successes(at) == ["Removed the association with Course 'Geometry'."]
    assert errors(at) == []
    assert at.text_input(key=f"{keys(at, 'contact_association')}.label").value == (
        "x" * 100
    )


def test_remove_asks_first_and_cancel_keeps_the_association(
    ctx: Context, ana: Contact, course: ObjectType, open_page: OpenPage
):
    algebra = make_record(ctx, course, "Algebra")
    remove = f"contact_association.remove.{link(ctx, algebra.id, ana)}"
    at = open_page("contacts", id=ana.id)

    at.button(key=remove).click().run()
    asked = [w.value for w in at.warning]
    kept = [p.value for p in at.main.page_link]
    at.button(key=f"{remove}.no").click().run()

    assert asked == [
        r"Remove the association with Course 'Algebra'? The Course itself stays\."
    ]
    assert kept == ["Algebra"]
    assert [b.key for b in at.button if b.key.startswith(remove)] == [remove]
    assert at.warning.len == 0
    assert len(associations.grouped_records(ctx, TargetKind.CONTACT, ana.id)) == 1


# --- wording ----------------------------------------------------------------------


def test_invite_help_makes_no_one_time_claim(open_page: OpenPage):
    at = open_page("settings_users")

    assert at.text_input(key="user_new.password").help == (
        "Leave empty to invite: a password is generated and shown once, for you "
        "to give them."
    )


def test_primary_property_help_fits_every_format(open_page: OpenPage):
    at = open_page("object_types")

    assert at.text_input(key="type_new.primary_label").help == (
        "The field that names each record everywhere, like 'Course name'."
    )


# --- dropdowns and dates ------------------------------------------------------------


def test_type_dropdowns_show_emoji_but_no_material_icon_names(
    ctx: Context,
    ana: Contact,
    course: ObjectType,
    lesson: ObjectType,
    open_page: OpenPage,
):
    contact = open_page("contacts", id=ana.id)
    browse = open_page("records", type="course")

    assert contact.selectbox(key="contact_association.type").options == [
        "🎓 Courses",
        "Lessons",
    ]
    assert browse.selectbox(key="records.type").options == ["🎓 Courses", "Lessons"]


@pytest.mark.parametrize(
    ("days", "word"), [(-1, "since"), (0, "since"), (1, "from"), (400, "from")]
)
def test_association_date_reads_from_when_in_the_future(
    ctx: Context,
    ana: Contact,
    course: ObjectType,
    open_page: OpenPage,
    days: int,
    word: str,
):
    on = date.today() + timedelta(days=days)
    link(ctx, make_record(ctx, course, "Algebra").id, ana, associated_on=on)

    at = open_page("contacts", id=ana.id)

    assert f"{word} {on.isoformat()}" in markdown(at)
