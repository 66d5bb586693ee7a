"""/v1/object-types and their fields: each route's answers, its refusals in the
services' words, and another account's types as if they did not exist."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.object_types import FieldFormat, FieldInput
from services import object_types
from services.context import Context
from store import events
from store.engine import Store
from tests.api.conftest import error_of
from tests.factories import make_object_type, make_record

NOT_FOUND = (
    "Object type '{}' does not exist in this account; pick one from the object "
    "types page."
)


@pytest.fixture
def course(ctx: Context) -> str:
    """The key of a Course type with one field of every format."""
    return make_object_type(ctx, "Course").key


def _problems(response: Any) -> list[tuple[str, str]]:
    return [(d["field"], d["message"]) for d in error_of(response)["details"]]


# --- object types -------------------------------------------------------------


def test_create_answers_201_with_the_type_and_its_primary_field(
    writer: TestClient,
) -> None:
    response = writer.post(
        "/v1/object-types",
        json={"name": " Matrícula ", "plural": "Matrículas", "icon": "🎓"},
    )

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("key", "name", "plural", "icon", "primary_field")} == {
        "key": "matricula",
        "name": "Matrícula",
        "plural": "Matrículas",
        "icon": "🎓",
        "primary_field": "name",
    }
    assert body["fields"] == [
        {
            "key": "name",
            "label": "Name",
            "format": "text",
            "description": "",
            "required": True,
            "options": [],
            "multiple": False,
        }
    ]
    assert isinstance(body["id"], str)
    assert body["created_at"].endswith("Z")
    assert (body["version"], body["archived"]) == (1, False)


@pytest.mark.parametrize(
    ("body", "status", "problems"),
    [
        (
            {"name": "  "},
            422,
            [("name", "The object type name is empty; enter a name such as 'Course'.")],
        ),
        (
            {"name": "🎓"},
            422,
            [("name", "The object type name '🎓' needs at least one letter or digit.")],
        ),
        (
            {"name": "x" * 81},
            422,
            [
                (
                    "name",
                    "The object type name 'xxxxxxxxxxxxxxxxxxxx…' is 81 characters "
                    "long; keep it within 80.",
                )
            ],
        ),
        (
            {"name": "COURSE"},
            409,
            [],
        ),
    ],
)
def test_create_refuses_bad_names(
    writer: TestClient,
    course: str,
    body: dict[str, str],
    status: int,
    problems: list[tuple[str, str]],
) -> None:
    response = writer.post("/v1/object-types", json=body)

    assert response.status_code == status
    assert _problems(response) == problems
    if status == 409:
        assert error_of(response) == {
            "code": "conflict",
            "message": "An object type named 'Course' already exists; choose "
            "another name.",
            "details": [],
        }


def test_list_holds_the_account_types_and_archived_ones_when_asked(
    writer: TestClient, ctx: Context, outsider: TestClient
) -> None:
    make_object_type(ctx, "Course", every_format=False)
    archived = make_object_type(ctx, "Event", every_format=False)
    object_types.archive_object_type(ctx, archived.id)
    outsider.post("/v1/object-types", json={"name": "Property"})

    current = writer.get("/v1/object-types").json()
    everything = writer.get("/v1/object-types?include_archived=true").json()

    assert [t["key"] for t in current["data"]] == ["course"]
    assert [t["key"] for t in everything["data"]] == ["course", "event"]


def test_get_finds_a_type_by_key_or_id(writer: TestClient, ctx: Context) -> None:
    created = make_object_type(ctx, "Course")

    by_key = writer.get("/v1/object-types/course")
    by_id = writer.get(f"/v1/object-types/{created.id}")

    assert by_key.status_code == by_id.status_code == 200
    assert by_key.json() == by_id.json()
    assert [f["key"] for f in by_key.json()["fields"]] == [
        "name",
        "summary",
        "seats",
        "price",
        "start_date",
        "online",
        "level",
        "topics",
        "website",
    ]


def test_patch_changes_only_what_is_given(writer: TestClient, course: str) -> None:
    response = writer.patch(
        f"/v1/object-types/{course}", json={"plural": "Classes", "icon": "📚"}
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["name"], body["plural"], body["icon"]) == ("Course", "Classes", "📚")
    assert (body["key"], body["version"]) == ("course", 10)


def test_patch_renames_archives_and_chooses_the_primary_field_in_one_version(
    writer: TestClient, ctx: Context, course: str
) -> None:
    make_record(ctx, object_types.get_object_type(ctx, course), "Algebra", seats=30)

    response = writer.patch(
        f"/v1/object-types/{course}",
        json={"name": "Class", "archived": True, "primary_field": "seats"},
    )

    body = response.json()
    assert (body["name"], body["key"], body["archived"]) == ("Class", "course", True)
    assert body["primary_field"] == "seats"
    assert body["version"] == 10
    names = [r["display_name"] for r in ctx.store.records.find({})]
    assert names == ["30"]
    assert events.recent(ctx.store, ctx.account_id, limit=1)[0]["action"] == (
        "object_type.updated"
    )


def test_patch_with_nothing_changes_nothing(writer: TestClient, course: str) -> None:
    response = writer.patch(f"/v1/object-types/{course}", json={})

    assert (response.status_code, response.json()["version"]) == (200, 9)


@pytest.mark.parametrize(
    ("body", "status", "problems"),
    [
        (
            {"plural": " "},
            422,
            [("plural", "The plural name is empty; enter a name such as 'Courses'.")],
        ),
        (
            {"primary_field": "teacher"},
            422,
            [
                (
                    "primary_field",
                    "'teacher' is not a field of Course; choose one of its fields "
                    "as the primary property.",
                )
            ],
        ),
        (
            {"primary_field": "online"},
            422,
            [
                (
                    "primary_field",
                    "Field 'Online' is a yes/no field and cannot be the primary "
                    "property; choose a text, number, date, list or link field.",
                )
            ],
        ),
        ({"name": "event"}, 409, []),
    ],
)
def test_patch_refuses_bad_changes_and_keeps_the_type(
    writer: TestClient,
    ctx: Context,
    course: str,
    body: dict[str, str],
    status: int,
    problems: list[tuple[str, str]],
) -> None:
    make_object_type(ctx, "Event", every_format=False)
    before = writer.get(f"/v1/object-types/{course}").json()

    response = writer.patch(f"/v1/object-types/{course}", json=body)

    assert response.status_code == status
    assert _problems(response) == problems
    assert writer.get(f"/v1/object-types/{course}").json() == before


def test_delete_removes_a_type_without_records(writer: TestClient, course: str) -> None:
    response = writer.delete(f"/v1/object-types/{course}")

    assert (response.status_code, response.content) == (204, b"")
    assert writer.get(f"/v1/object-types/{course}").status_code == 404


def test_delete_refuses_a_type_with_records(
    writer: TestClient, ctx: Context, course: str
) -> None:
    make_record(ctx, object_types.get_object_type(ctx, course))

    response = writer.delete(f"/v1/object-types/{course}")

    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "Object type 'Course' still has 1 record; archive it instead, or delete "
        "its records first."
    )


# --- fields -------------------------------------------------------------------


def test_add_field_answers_201_with_the_field_and_its_derived_key(
    writer: TestClient, course: str
) -> None:
    response = writer.post(
        f"/v1/object-types/{course}/fields",
        json={
            "label": "Nível de inglês",
            "format": "list",
            "options": ["Básico", "Avançado"],
            "required": True,
        },
    )

    assert response.status_code == 201
    assert response.json() == {
        "key": "nivel_de_ingles",
        "label": "Nível de inglês",
        "format": "list",
        "description": "",
        "required": True,
        "options": [
            {"key": "basico", "label": "Básico"},
            {"key": "avancado", "label": "Avançado"},
        ],
        "multiple": False,
    }


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"label": " "},
            [
                (
                    "label",
                    "The field label is empty; enter a label such as 'Start date'.",
                )
            ],
        ),
        (
            {"label": "SEATS"},
            [
                (
                    "label",
                    "Field 'SEATS' would get the key 'seats', which field 'Seats' "
                    "already uses; choose another label.",
                )
            ],
        ),
        (
            {"label": "Room", "format": "list"},
            [
                (
                    "options",
                    "List field 'Room' needs at least one option; add options such "
                    "as 'Beginner' and 'Advanced'.",
                )
            ],
        ),
        (
            {"label": "Room", "format": "list", "options": ["A", "a"]},
            [
                (
                    "options",
                    "List field 'Room' has the option 'a' twice; give each option a "
                    "different label.",
                )
            ],
        ),
    ],
)
def test_add_field_refuses_bad_fields(
    writer: TestClient, course: str, body: dict[str, Any], problems: Any
) -> None:
    response = writer.post(f"/v1/object-types/{course}/fields", json=body)

    assert response.status_code == 422
    assert _problems(response) == problems
    assert error_of(response)["message"] == problems[0][1]


def test_patch_field_changes_only_what_is_given(
    writer: TestClient, ctx: Context, course: str
) -> None:
    object_types.update_field(ctx, course, "seats", description="Places", required=True)

    response = writer.patch(
        f"/v1/object-types/{course}/fields/seats", json={"label": "Places"}
    )

    assert response.status_code == 200
    assert response.json() == {
        "key": "seats",
        "label": "Places",
        "format": "number",
        "description": "Places",
        "required": True,
        "options": [],
        "multiple": False,
    }


def test_patch_field_renames_options_keeping_their_keys(
    writer: TestClient, course: str
) -> None:
    response = writer.patch(
        f"/v1/object-types/{course}/fields/level",
        json={"options": ["Starter", "Intermediate", "Advanced", "Expert"]},
    )

    assert [(o["key"], o["label"]) for o in response.json()["options"]] == [
        ("beginner", "Starter"),
        ("intermediate", "Intermediate"),
        ("advanced", "Advanced"),
        ("expert", "Expert"),
    ]


@pytest.mark.parametrize(
    ("field", "body", "status", "message"),
    [
        (
            "seats",
            {"options": ["A"]},
            422,
            "Field 'Seats' is a number field; only list fields have options, so "
            "leave them out.",
        ),
        (
            "seats",
            {"label": "price"},
            422,
            "Field 'Price' already has that label; choose another.",
        ),
        (
            "level",
            {"options": ["Beginner"]},
            409,
            "Option 'Advanced' of field 'Level' is used by 1 Course; change those "
            "records first, or rename the option instead.",
        ),
        (
            "teacher",
            {"label": "Tutor"},
            404,
            "Field 'teacher' is not a field of Course; pick one of its fields: Name, "
            "Summary, Seats, Price, Start date, Online, Level, Topics, Website.",
        ),
    ],
)
def test_patch_field_refuses_bad_changes(
    writer: TestClient,
    ctx: Context,
    course: str,
    field: str,
    body: dict[str, Any],
    status: int,
    message: str,
) -> None:
    make_record(ctx, object_types.get_object_type(ctx, course), level="advanced")

    response = writer.patch(f"/v1/object-types/{course}/fields/{field}", json=body)

    assert response.status_code == status
    assert error_of(response)["message"] == message


def test_remove_field_answers_204_and_the_field_is_gone(
    writer: TestClient, course: str
) -> None:
    response = writer.delete(f"/v1/object-types/{course}/fields/website")

    fields = writer.get(f"/v1/object-types/{course}").json()["fields"]
    assert (response.status_code, response.content) == (204, b"")
    assert "website" not in [f["key"] for f in fields]


@pytest.mark.parametrize(
    ("field", "status", "message"),
    [
        (
            "name",
            409,
            "Field 'Name' is the primary property of Course and cannot be removed; "
            "make another field the primary property first.",
        ),
        (
            "seats",
            409,
            "Field 'Seats' has a value in 2 Courses; clear it in those records "
            "first, then remove the field.",
        ),
        (
            "price",
            409,
            "Field 'Price' has a value in 1 Course; clear it in those records "
            "first, then remove the field.",
        ),
        (
            "teacher",
            404,
            "Field 'teacher' is not a field of Course; pick one of its fields: Name, "
            "Summary, Seats, Price, Start date, Online, Level, Topics, Website.",
        ),
    ],
)
def test_remove_field_refuses_the_primary_field_and_fields_with_values(
    writer: TestClient,
    ctx: Context,
    course: str,
    field: str,
    status: int,
    message: str,
) -> None:
    object_type = object_types.get_object_type(ctx, course)
    make_record(ctx, object_type, "Algebra", seats=30)
    make_record(
        ctx,
        object_type,
        "Geometry",
        seats=20,
        price={"amount": "10", "currency": "BRL"},
    )
    before = writer.get(f"/v1/object-types/{course}").json()

    response = writer.delete(f"/v1/object-types/{course}/fields/{field}")

    assert response.status_code == status
    assert error_of(response)["message"] == message
    assert writer.get(f"/v1/object-types/{course}").json() == before


# --- another account ----------------------------------------------------------


def _other_type_calls(key: str) -> list[tuple[str, str, object]]:
    return [
        ("GET", f"/v1/object-types/{key}", None),
        ("PATCH", f"/v1/object-types/{key}", {"name": "Mine"}),
        ("DELETE", f"/v1/object-types/{key}", None),
        ("POST", f"/v1/object-types/{key}/fields", {"label": "Room"}),
        ("PATCH", f"/v1/object-types/{key}/fields/seats", {"label": "Places"}),
        ("DELETE", f"/v1/object-types/{key}/fields/website", None),
    ]


@pytest.mark.parametrize("by", ["key", "id"])
def test_another_account_types_are_not_found_and_untouched(
    outsider: TestClient, ctx: Context, store: Store, by: str
) -> None:
    theirs = make_object_type(ctx, "Course")
    ident = theirs.key if by == "key" else theirs.id
    before = list(store.object_types.find({}))

    answers = [
        outsider.request(method, url, json=body)
        for method, url, body in _other_type_calls(ident)
    ]

    assert [a.status_code for a in answers] == [404] * 6
    assert {error_of(a)["message"] for a in answers} == {NOT_FOUND.format(ident)}
    assert list(store.object_types.find({})) == before


def test_another_account_type_reads_as_a_type_that_never_existed(
    outsider: TestClient, ctx: Context
) -> None:
    make_object_type(ctx, "Course", every_format=False)

    theirs = outsider.get("/v1/object-types/course")
    nobody = outsider.get("/v1/object-types/nothing")

    assert theirs.status_code == nobody.status_code == 404
    assert error_of(theirs)["message"] == NOT_FOUND.format("course")
    assert error_of(nobody)["message"] == NOT_FOUND.format("nothing")


def test_field_formats_of_the_api_are_those_of_the_schema(
    writer: TestClient, course: str
) -> None:
    for number, field_format in enumerate(FieldFormat):
        options = ["A"] if field_format is FieldFormat.LIST else []
        body = FieldInput(
            label=f"Extra {number}", format=field_format, options=options
        ).model_dump(mode="json")

        response = writer.post(f"/v1/object-types/{course}/fields", json=body)

        assert response.status_code == 201, response.text
        assert response.json()["format"] == field_format.value
