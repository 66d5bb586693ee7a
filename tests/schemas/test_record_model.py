"""The runtime record model: its name, its cache, keys that shadow Pydantic's own
attributes, and the display name and formatting of stored values."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.object_types import FieldDefinition, FieldFormat
from schemas.records import (
    RecordValues,
    display_name,
    format_value,
    record_model,
    validate_values,
)
from tests.factories import build_object_type


@pytest.mark.parametrize(
    ("name", "key", "model_name"),
    [
        ("Course", "course", "CourseRecord"),
        ("Matrícula escolar", "matricula_escolar", "MatriculaEscolarRecord"),
        ("Imóvel 🏠", "imovel", "ImovelRecord"),
    ],
)
def test_model_is_named_after_its_object_type(
    name: str, key: str, model_name: str
) -> None:
    object_type = build_object_type(name, key=key)

    model = record_model(object_type)

    assert model.__name__ == model_name
    assert issubclass(model, RecordValues)


def test_model_is_cached_per_type_id_and_version() -> None:
    course = build_object_type("Course")

    first = record_model(course)
    again = record_model(course.model_copy())
    next_version = record_model(course.model_copy(update={"version": 2}))
    other_type = record_model(build_object_type("Course"))

    assert again is first
    assert next_version is not first
    assert other_type is not first


def test_new_version_validates_with_its_new_fields() -> None:
    course = build_object_type("Course")
    teacher = FieldDefinition(key="teacher", label="Teacher", format=FieldFormat.TEXT)
    record_model(course)
    changed = course.model_copy(
        update={"version": 2, "fields": [*course.fields, teacher]}
    )

    result = validate_values(changed, {"name": "Algebra", "teacher": "Ana"})

    assert result == {"name": "Algebra", "teacher": "Ana"}


def test_field_keys_that_shadow_pydantic_attributes_validate() -> None:
    course = build_object_type("Course")
    shadows = [
        FieldDefinition(key=key, label=key, format=FieldFormat.TEXT)
        for key in ("copy", "model_config", "f0", "values", "dict")
    ]
    course = course.model_copy(update={"fields": [*course.fields, *shadows]})
    values = {"name": "Algebra", "copy": "a", "model_config": "b", "f0": "c"}

    result = validate_values(course, values | {"values": "d", "dict": "e"})

    assert result == values | {"values": "d", "dict": "e"}


def test_record_model_refuses_attribute_names_as_input() -> None:
    course = build_object_type("Course")

    result = validate_values(course, {"f0": "Algebra"})

    assert isinstance(result, list)
    assert [problem.field for problem in result] == ["name", "f0"]


def test_json_schema_titles_fields_by_label_and_lists_option_keys() -> None:
    course = build_object_type("Course")

    schema = record_model(course).model_json_schema(by_alias=True)

    assert schema["properties"]["start_date"]["title"] == "Start date"
    assert schema["properties"]["level"]["enum"] == [
        "beginner",
        "intermediate",
        "advanced",
    ]
    assert schema["required"] == ["name"]


@pytest.mark.parametrize(
    ("key", "stored", "shown"),
    [
        ("price", {"amount_minor": 123450, "currency": "USD"}, "$1,234.50"),
        ("price", {"amount_minor": 1500, "currency": "JPY"}, "¥1,500"),
        ("online", True, "Yes"),
        ("online", False, "No"),
        ("level", "advanced", "Advanced"),
        ("topics", ["maths", "art"], "Maths, Art"),
        ("start_date", "2025-03-01", "2025-03-01"),
        ("seats", 12, "12"),
        ("summary", None, ""),
    ],
)
def test_format_value_shows_stored_values_as_people_read_them(
    key: str, stored: Any, shown: str
) -> None:
    field = build_object_type().field(key)
    assert field is not None

    assert format_value(field, stored) == shown


def test_display_name_comes_from_the_primary_field() -> None:
    course = build_object_type().model_copy(update={"primary_field": "price"})

    name = display_name(
        course, {"name": "Algebra", "price": {"amount_minor": 999, "currency": "BRL"}}
    )

    assert name == "R$9.99"


def test_object_type_knows_its_primary_field_and_title() -> None:
    course = build_object_type().model_copy(update={"icon": "🎓"})

    assert course.primary.key == "name"
    assert course.title == "🎓 Courses"
