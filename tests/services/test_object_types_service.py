"""services.object_types: creating, changing, archiving and deleting object types."""

from __future__ import annotations

import pytest

from schemas.object_types import FieldDefinition, FieldFormat, FieldInput, ObjectType
from schemas.records import Record
from services import object_types, records
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound, Problem
from store import events
from tests.factories import EVERY_FORMAT, make_object_type, make_record

TIMES = {"created_at", "updated_at"}


def _field(object_type: ObjectType, key: str) -> FieldDefinition:
    field = object_type.field(key)
    assert field is not None, f"{object_type.name} has no field {key}"
    return field


def _options(object_type: ObjectType, key: str) -> list[tuple[str, str]]:
    return [(option.key, option.label) for option in _field(object_type, key).options]


def _names(page: records.RecordPage) -> list[str]:
    return [record.display_name for record in page.records]


def _all_records(ctx: Context, object_type: ObjectType) -> list[Record]:
    return records.list_records(ctx, object_type.id, page_size=200).records


# --- create ---------------------------------------------------------------------


def test_create_gives_one_required_text_field_as_primary(ctx: Context) -> None:
    created = object_types.create_object_type(ctx, name="Course")

    assert created.key == "course"
    assert created.plural == "Courses"
    assert created.primary_field == "name"
    assert [(f.key, f.label, f.format, f.required) for f in created.fields] == [
        ("name", "Name", FieldFormat.TEXT, True)
    ]
    assert created.version == 1
    stored = object_types.get_object_type(ctx, created.id)
    assert stored.model_dump(exclude=TIMES) == created.model_dump(exclude=TIMES)


def test_create_keeps_accents_and_emoji_in_names_and_labels(ctx: Context) -> None:
    created = object_types.create_object_type(
        ctx,
        name="Matrícula 🎓",
        plural="Matrículas 🎓",
        icon="🎓",
        primary_label="Código do aluno",
    )

    assert (created.key, created.name, created.plural) == (
        "matricula",
        "Matrícula 🎓",
        "Matrículas 🎓",
    )
    assert (created.primary.key, created.primary.label) == (
        "codigo_do_aluno",
        "Código do aluno",
    )
    assert object_types.get_object_type(ctx, "matricula").name == "Matrícula 🎓"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "The object type name is empty; enter a name such as 'Course'."),
        ("   \t ", "The object type name is empty; enter a name such as 'Course'."),
        ("🎓📚", "The object type name '🎓📚' needs at least one letter or digit."),
        (
            "x" * 81,
            "The object type name 'xxxxxxxxxxxxxxxxxxxx…' is 81 characters long; "
            "keep it within 80.",
        ),
    ],
)
def test_create_refuses_bad_names(ctx: Context, name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        object_types.create_object_type(ctx, name=name)

    assert raised.value.message == message
    assert raised.value.problems == [Problem("name", message)]
    assert object_types.list_object_types(ctx) == []


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (
            "COURSE",
            "An object type named 'Course' already exists; choose another name.",
        ),
        (
            "  course ",
            "An object type named 'Course' already exists; choose another name.",
        ),
        (
            "Cóurse!",
            "The name 'Cóurse!' gives the key 'course', which the object type 'Course' "
            "already uses; choose a more distinct name.",
        ),
    ],
)
def test_create_refuses_a_name_taken_ignoring_case_or_key(
    ctx: Context, second: str, message: str
) -> None:
    object_types.create_object_type(ctx, name="Course")

    with pytest.raises(Conflict) as raised:
        object_types.create_object_type(ctx, name=second)

    assert raised.value.message == message
    assert len(object_types.list_object_types(ctx)) == 1


def test_create_writes_an_audit_event(ctx: Context) -> None:
    created = object_types.create_object_type(ctx, name="Course")

    [event] = events.recent(ctx.store, ctx.account_id)

    assert (event["action"], event["subject"], event["actor"]) == (
        "object_type.created",
        created.id,
        ctx.user.email,
    )
    assert event["after"]["name"] == "Course"


# --- keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Course", "course"),
        ("Preço mensal", "preco_mensal"),
        ("Imóvel à venda 🏠", "imovel_a_venda"),
        ("  Big   Deal!! ", "big_deal"),
        ("2025 Cohort", "f_2025_cohort"),
    ],
)
def test_key_is_derived_from_the_name(ctx: Context, name: str, key: str) -> None:
    created = object_types.create_object_type(ctx, name=name)

    assert created.key == key


def test_rename_keeps_type_and_field_keys(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    renamed = object_types.update_object_type(
        ctx, course.id, name="Curso", plural="Cursos", icon="📘", description="Turmas"
    )
    relabelled = object_types.update_field(
        ctx, course.id, "start_date", label="Data de início"
    )

    assert (renamed.key, renamed.name, renamed.plural, renamed.icon) == (
        "course",
        "Curso",
        "Cursos",
        "📘",
    )
    assert _field(relabelled, "start_date").label == "Data de início"
    assert [f.key for f in relabelled.fields] == [f.key for f in course.fields]


def test_rename_to_a_name_another_type_has_is_refused(ctx: Context) -> None:
    object_types.create_object_type(ctx, name="Course")
    other = object_types.create_object_type(ctx, name="Student")

    with pytest.raises(Conflict) as raised:
        object_types.update_object_type(
            ctx, other.id, name="course", plural="Courses", icon="", description=""
        )

    assert raised.value.message == (
        "An object type named 'Course' already exists; choose another name."
    )


@pytest.mark.parametrize(
    ("plural", "message"),
    [
        ("", "The plural name is empty; enter a name such as 'Courses'."),
        (
            "p" * 81,
            "The plural name 'pppppppppppppppppppp…' is 81 characters long; keep it "
            "within 80.",
        ),
    ],
)
def test_bad_plural_is_reported_on_the_plural_field(
    ctx: Context, plural: str, message: str
) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    with pytest.raises(InvalidInput) as raised:
        object_types.update_object_type(
            ctx, course.id, name="Course", plural=plural, icon="", description=""
        )

    assert raised.value.problems == [Problem("plural", message)]


def test_rename_changing_only_case_is_allowed(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="course")

    renamed = object_types.update_object_type(
        ctx, course.id, name="Course", plural="Courses", icon="", description=""
    )

    assert renamed.name == "Course"


# --- fields ---------------------------------------------------------------------


def test_add_every_field_format(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    assert [(f.key, f.format) for f in course.fields] == [
        ("name", FieldFormat.TEXT),
        *[(key, spec.format) for spec, key in EVERY_FORMAT],
    ]
    assert _options(course, "level") == [
        ("beginner", "Beginner"),
        ("intermediate", "Intermediate"),
        ("advanced", "Advanced"),
    ]
    assert _field(course, "topics").multiple
    assert not _field(course, "level").multiple
    assert course.version == 1 + len(EVERY_FORMAT)


def test_multiple_is_ignored_for_formats_other_than_list(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    changed = object_types.add_field(
        ctx,
        course.id,
        FieldInput(label="Notes", format=FieldFormat.TEXT, multiple=True),
    )

    assert _field(changed, "notes").multiple is False


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            FieldInput(label="Name"),
            "Field 'Name' would get the key 'name', which field 'Name' already uses; "
            "choose another label.",
        ),
        (
            FieldInput(label="Start-Date!", format=FieldFormat.DATE),
            "Field 'Start-Date!' would get the key 'start_date', which field "
            "'Start date' already uses; choose another label.",
        ),
        (
            FieldInput(label="   "),
            "The field label is empty; enter a label such as 'Start date'.",
        ),
        (
            FieldInput(label="🎉✨"),
            "The field label '🎉✨' needs at least one letter or digit.",
        ),
        (
            FieldInput(label="y" * 81),
            "The field label is 81 characters long; keep it within 80.",
        ),
        (
            FieldInput(label="Room", format=FieldFormat.LIST),
            "List field 'Room' needs at least one option; add options such as "
            "'Beginner' and 'Advanced'.",
        ),
        (
            FieldInput(label="Room", format=FieldFormat.LIST, options=[" ", ""]),
            "List field 'Room' needs at least one option; add options such as "
            "'Beginner' and 'Advanced'.",
        ),
        (
            FieldInput(
                label="Room", format=FieldFormat.LIST, options=["A1", "b2", "a1"]
            ),
            "List field 'Room' has the option 'a1' twice; give each option a "
            "different label.",
        ),
    ],
)
def test_add_field_refuses_bad_fields(
    ctx: Context, spec: FieldInput, message: str
) -> None:
    course = object_types.add_field(
        ctx,
        object_types.create_object_type(ctx, name="Course").id,
        FieldInput(label="Start date", format=FieldFormat.DATE),
    )

    with pytest.raises(InvalidInput) as raised:
        object_types.add_field(ctx, course.id, spec)

    assert raised.value.message == message
    assert len(raised.value.problems) == 1
    assert object_types.get_object_type(ctx, course.id).version == course.version


def test_option_keys_that_would_collide_get_suffixes(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    changed = object_types.add_field(
        ctx,
        course.id,
        FieldInput(label="Room", format=FieldFormat.LIST, options=["A", "a!", "🎉"]),
    )

    assert _options(changed, "room") == [("a", "A"), ("a_2", "a!"), ("option", "🎉")]


def test_new_option_never_reuses_a_key_even_when_suffixes_are_taken(
    ctx: Context,
) -> None:
    course = object_types.create_object_type(ctx, name="Course")
    object_types.add_field(
        ctx,
        course.id,
        FieldInput(label="Room", format=FieldFormat.LIST, options=["A", "B", "a 2"]),
    )

    changed = object_types.update_field(
        ctx, course.id, "room", label="Room", options=["A", "B", "a 2", "a."]
    )

    assert _options(changed, "room") == [
        ("a", "A"),
        ("b", "B"),
        ("a_2", "a 2"),
        ("a_3", "a."),
    ]


def test_update_field_edits_label_description_and_required(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    changed = object_types.update_field(
        ctx,
        course.id,
        "seats",
        label="  Vagas   disponíveis ",
        description="Quantas vagas 🪑",
        required=True,
    )

    field = _field(changed, "seats")
    assert (field.label, field.description, field.required, field.format) == (
        "Vagas disponíveis",
        "Quantas vagas 🪑",
        True,
        FieldFormat.NUMBER,
    )
    assert changed.version == course.version + 1


def test_primary_field_stays_required(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    changed = object_types.update_field(ctx, course.id, "name", label="Title")

    assert changed.primary.required is True


def test_update_field_refuses_a_label_another_field_has(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    with pytest.raises(InvalidInput) as raised:
        object_types.update_field(ctx, course.id, "seats", label="PRICE")

    assert raised.value.message == (
        "Field 'Price' already has that label; choose another."
    )


def test_update_field_of_unknown_key_names_the_fields(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    with pytest.raises(NotFound) as raised:
        object_types.update_field(ctx, course.id, "teacher", label="Teacher")

    assert raised.value.message == (
        "Field 'teacher' is not a field of Course; pick one of its fields: Name."
    )


def test_move_field_reorders_and_stops_at_the_ends(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    up = object_types.move_field(ctx, course.id, "website", -1)
    top = object_types.move_field(ctx, course.id, "website", -100)
    bottom = object_types.move_field(ctx, course.id, "name", +100)

    assert [f.key for f in up.fields][-2:] == ["website", "topics"]
    assert [f.key for f in top.fields][:2] == ["website", "name"]
    assert [f.key for f in bottom.fields] == [
        "website",
        "summary",
        "seats",
        "price",
        "start_date",
        "online",
        "level",
        "topics",
        "name",
    ]


# --- list options ---------------------------------------------------------------


def test_relabelled_options_keep_their_keys_and_records_follow(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    record = make_record(ctx, course, level="Beginner")

    changed = object_types.update_field(
        ctx,
        course.id,
        "level",
        label="Nível",
        options=["Iniciante", "Intermediário", "Avançado"],
    )

    assert _options(changed, "level") == [
        ("beginner", "Iniciante"),
        ("intermediate", "Intermediário"),
        ("advanced", "Avançado"),
    ]
    assert record.values["level"] == "beginner"


def test_options_are_matched_by_label_before_position(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    changed = object_types.update_field(
        ctx,
        course.id,
        "level",
        label="Level",
        options=["Expert", "advanced", "Beginner"],
    )

    assert _options(changed, "level") == [
        ("expert", "Expert"),
        ("advanced", "advanced"),
        ("beginner", "Beginner"),
    ]


def test_option_in_use_cannot_be_dropped(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra", level="Beginner")
    make_record(ctx, course, "Geometry", level="beginner")

    with pytest.raises(Conflict) as raised:
        object_types.update_field(
            ctx, course.id, "level", label="Level", options=["Intermediate", "Advanced"]
        )

    assert raised.value.message == (
        "Option 'Beginner' of field 'Level' is used by 2 Courses; change those "
        "records first, or rename the option instead."
    )
    assert _options(object_types.get_object_type(ctx, course.id), "level") == _options(
        course, "level"
    )


def test_option_in_use_by_a_multiple_list_cannot_be_dropped(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, topics=["Maths", "Art"])

    with pytest.raises(Conflict) as raised:
        object_types.update_field(
            ctx, course.id, "topics", label="Topics", options=["Maths", "Science"]
        )

    assert raised.value.message == (
        "Option 'Art' of field 'Topics' is used by 1 Course; change those records "
        "first, or rename the option instead."
    )


def test_unused_option_can_be_dropped(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, level="Advanced")

    changed = object_types.update_field(
        ctx, course.id, "level", label="Level", options=["Advanced"]
    )

    assert _options(changed, "level") == [("advanced", "Advanced")]


def test_duplicate_option_labels_are_refused_ignoring_case(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    with pytest.raises(InvalidInput) as raised:
        object_types.update_field(
            ctx, course.id, "level", label="Level", options=["Basic", "BASIC"]
        )

    assert raised.value.problems == [
        Problem(
            "options",
            "List field 'Level' has the option 'BASIC' twice; give each option a "
            "different label.",
        )
    ]


# --- primary field --------------------------------------------------------------


def test_set_primary_rewrites_display_names(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    price = {"amount": "9.9", "currency": "BRL"}
    first = make_record(ctx, course, "Algebra", seats=30, price=price)
    second = make_record(ctx, course, "Geometry", seats=12, price=price)

    changed = object_types.set_primary_field(ctx, course.id, "seats")
    by_seats = {r.id: r.display_name for r in _all_records(ctx, course)}
    object_types.set_primary_field(ctx, course.id, "price")
    by_price = {r.id: r.display_name for r in _all_records(ctx, course)}

    assert (changed.primary_field, changed.primary.required) == ("seats", True)
    assert by_seats == {first.id: "30", second.id: "12"}
    assert by_price == {first.id: "R$9.90", second.id: "R$9.90"}


def test_set_primary_refuses_a_field_some_records_leave_empty(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra", seats=30)
    make_record(ctx, course, "Geometry")

    with pytest.raises(Conflict) as raised:
        object_types.set_primary_field(ctx, course.id, "seats")

    assert raised.value.message == (
        "1 of 2 Courses have no 'Seats', so they would have no name; fill it in on "
        "every record first, or choose a field that every record has."
    )
    assert object_types.get_object_type(ctx, course.id).primary_field == "name"


def test_relabelling_options_of_a_list_primary_rewrites_display_names(
    ctx: Context,
) -> None:
    course = make_object_type(ctx, "Course")
    record = make_record(ctx, course, "Algebra", level="Beginner")
    object_types.set_primary_field(ctx, course.id, "level")

    object_types.update_field(
        ctx, course.id, "level", label="Level", options=["Básico", "Médio", "Avançado"]
    )

    assert records.get_record(ctx, record.id).display_name == "Básico"
    assert _names(records.list_records(ctx, course.id, search="basico")) == ["Básico"]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "online",
            "Field 'Online' is a yes/no field and cannot be the primary property; "
            "choose a text, number, date, list or link field.",
        ),
        (
            "teacher",
            "'teacher' is not a field of Course; choose one of its fields as the "
            "primary property.",
        ),
    ],
)
def test_set_primary_refuses_yes_no_and_unknown_fields(
    ctx: Context, key: str, message: str
) -> None:
    course = make_object_type(ctx, "Course")

    with pytest.raises(InvalidInput) as raised:
        object_types.set_primary_field(ctx, course.id, key)

    assert raised.value.problems == [Problem("primary_field", message)]
    assert object_types.get_object_type(ctx, course.id).primary_field == "name"


# --- archive and delete ---------------------------------------------------------


def test_archive_hides_the_type_and_restore_brings_it_back(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    archived = object_types.archive_object_type(ctx, course.id)
    listed = object_types.list_object_types(ctx)
    listed_all = object_types.list_object_types(ctx, include_archived=True)
    restored = object_types.restore_object_type(ctx, course.id)

    assert archived.archived is True
    assert listed == []
    assert [t.id for t in listed_all] == [course.id]
    assert restored.archived is False
    assert [t.id for t in object_types.list_object_types(ctx)] == [course.id]


def test_delete_is_refused_while_records_exist(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    make_record(ctx, course, "Algebra")
    make_record(ctx, course, "Geometry")

    with pytest.raises(Conflict) as raised:
        object_types.delete_object_type(ctx, course.id)

    assert raised.value.message == (
        "Object type 'Course' still has 2 records; archive it instead, or delete its "
        "records first."
    )
    assert object_types.get_object_type(ctx, course.id).id == course.id


def test_delete_is_allowed_when_the_type_has_no_records(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")

    object_types.delete_object_type(ctx, course.id)

    with pytest.raises(NotFound) as raised:
        object_types.get_object_type(ctx, course.id)
    assert raised.value.message == (
        f"Object type '{course.id}' does not exist in this account; pick one from "
        "the object types page."
    )
    assert events.recent(ctx.store, ctx.account_id, limit=1)[0]["action"] == (
        "object_type.deleted"
    )


def test_a_deleted_type_frees_its_name(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")
    object_types.delete_object_type(ctx, course.id)

    again = object_types.create_object_type(ctx, name="Course")

    assert again.key == "course"


# --- partial changes and removing fields ----------------------------------------


def test_update_object_type_keeps_what_is_not_given(ctx: Context) -> None:
    course = object_types.create_object_type(
        ctx, name="Course", plural="Courses", icon="🎓", description="Classes"
    )

    changed = object_types.update_object_type(ctx, course.id, plural="Classes")

    assert (changed.name, changed.plural, changed.icon, changed.description) == (
        "Course",
        "Classes",
        "🎓",
        "Classes",
    )


def test_update_object_type_given_nothing_writes_nothing(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    same = object_types.update_object_type(ctx, course.id)

    assert (same.id, same.version) == (course.id, 1)
    assert ctx.store.events.count_documents({}) == 1


def test_update_field_keeps_what_is_not_given(ctx: Context) -> None:
    course = make_object_type(ctx)
    object_types.update_field(
        ctx, course.id, "seats", description="Places in the room", required=True
    )

    changed = object_types.update_field(ctx, course.id, "seats", label="Places")

    field = changed.field("seats")
    assert field is not None
    assert (field.label, field.description, field.required) == (
        "Places",
        "Places in the room",
        True,
    )


def test_remove_field_drops_a_field_no_record_fills(ctx: Context) -> None:
    course = make_object_type(ctx)
    make_record(ctx, course, "Algebra", seats=30)

    changed = object_types.remove_field(ctx, course.id, "website")

    assert [f.key for f in changed.fields if f.key in {"seats", "website"}] == ["seats"]
    assert records.create_record(ctx, course.id, {"name": "Geometry"}).values == {
        "name": "Geometry"
    }
    with pytest.raises(InvalidInput):
        records.create_record(
            ctx, course.id, {"name": "Logic", "website": "https://example.com"}
        )


def test_remove_field_refuses_a_field_with_values_until_they_are_cleared(
    ctx: Context,
) -> None:
    course = make_object_type(ctx)
    algebra = make_record(ctx, course, "Algebra", seats=30)

    with pytest.raises(Conflict) as raised:
        object_types.remove_field(ctx, course.id, "seats")
    records.update_record(ctx, algebra.id, {"name": "Algebra"})
    changed = object_types.remove_field(ctx, course.id, "seats")

    assert raised.value.message == (
        "Field 'Seats' has a value in 1 Course; clear it in those records first, "
        "then remove the field."
    )
    assert changed.field("seats") is None


# --- versions and concurrency ---------------------------------------------------


def test_every_change_bumps_the_version_and_is_audited(ctx: Context) -> None:
    course = object_types.create_object_type(ctx, name="Course")

    steps = [
        object_types.add_field(
            ctx, course.id, FieldInput(label="Seats", format=FieldFormat.NUMBER)
        ),
        object_types.update_field(ctx, course.id, "seats", label="Places"),
        object_types.move_field(ctx, course.id, "seats", -1),
        object_types.set_primary_field(ctx, course.id, "seats"),
        object_types.update_object_type(
            ctx, course.id, name="Class", plural="Classes", icon="", description=""
        ),
        object_types.archive_object_type(ctx, course.id),
        object_types.restore_object_type(ctx, course.id),
        object_types.remove_field(ctx, course.id, "name"),
    ]
    audit = events.recent(ctx.store, ctx.account_id, limit=100)

    assert [step.version for step in steps] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert sorted(event["action"] for event in audit) == sorted(
        [
            "object_type.created",
            "object_type.field_added",
            "object_type.field_updated",
            "object_type.field_moved",
            "object_type.primary_changed",
            "object_type.updated",
            "object_type.archived",
            "object_type.restored",
            "object_type.field_removed",
        ]
    )
    assert all(event["subject"] == course.id for event in audit)
    renamed = next(e for e in audit if e["action"] == "object_type.updated")
    assert (renamed["before"]["name"], renamed["after"]["name"]) == ("Course", "Class")


def test_a_stale_write_raises_conflict(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = object_types.create_object_type(ctx, name="Course")
    stale = object_types.get_object_type(ctx, course.id)
    object_types.add_field(
        ctx, course.id, FieldInput(label="Seats", format=FieldFormat.NUMBER)
    )
    # Someone read version 1 before the field was added and writes now.
    monkeypatch.setattr(object_types, "get_object_type", lambda ctx, type_id: stale)

    with pytest.raises(Conflict) as raised:
        object_types.add_field(ctx, course.id, FieldInput(label="Room"))

    monkeypatch.undo()
    assert raised.value.message == (
        "Object type 'Course' was changed by someone else meanwhile; reload it and "
        "try again."
    )
    current = object_types.get_object_type(ctx, course.id)
    assert (current.version, [f.key for f in current.fields]) == (2, ["name", "seats"])
