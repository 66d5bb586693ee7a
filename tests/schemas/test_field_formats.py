"""Every field format through the runtime record model: what is stored, and the
exact message for what is refused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from schemas.money import Money
from schemas.object_types import ObjectType
from schemas.records import FieldProblem, validate_values
from tests.factories import build_object_type

EMOJI_TEXT = "Café com pão ☕🥐 — Ação, Ünïcödé, 日本語"


@pytest.fixture
def course() -> ObjectType:
    return build_object_type("Course")


@pytest.mark.parametrize(
    ("key", "given", "stored"),
    [
        ("summary", EMOJI_TEXT, EMOJI_TEXT),
        ("summary", "  padded  ", "padded"),
        ("summary", "x" * 10_000, "x" * 10_000),
        ("seats", 42, 42),
        ("seats", "42", 42),
        ("seats", "3.5", 3.5),
        ("seats", -7.25, -7.25),
        ("seats", "1e3", 1000),
        ("seats", Decimal("12.0"), 12),
        (
            "price",
            {"amount": "12.50", "currency": "BRL"},
            {"amount_minor": 1250, "currency": "BRL"},
        ),
        (
            "price",
            {"amount": "1234.5", "currency": "usd"},
            {"amount_minor": 123450, "currency": "USD"},
        ),
        (
            "price",
            {"amount": 0.1, "currency": "USD"},
            {"amount_minor": 10, "currency": "USD"},
        ),
        (
            "price",
            {"amount": "1500", "currency": "JPY"},
            {"amount_minor": 1500, "currency": "JPY"},
        ),
        (
            "price",
            {"amount": "1.234", "currency": "KWD"},
            {"amount_minor": 1234, "currency": "KWD"},
        ),
        (
            "price",
            {"amount_minor": 1250, "currency": "BRL"},
            {"amount_minor": 1250, "currency": "BRL"},
        ),
        (
            "price",
            Money(amount_minor=1250, currency="BRL"),
            {"amount_minor": 1250, "currency": "BRL"},
        ),
        ("start_date", "2025-03-01", "2025-03-01"),
        ("start_date", "2024-02-29", "2024-02-29"),
        ("start_date", date(2025, 3, 1), "2025-03-01"),
        ("start_date", datetime(2025, 3, 1, 23, 59), "2025-03-01"),
        ("online", True, True),
        ("online", False, False),
        ("online", "yes", True),
        ("online", "No", False),
        ("online", "sim", True),
        ("online", "não", False),
        ("level", "advanced", "advanced"),
        ("level", "Advanced", "advanced"),
        ("level", "  INTERMEDIATE ", "intermediate"),
        ("topics", ["Maths", "science"], ["maths", "science"]),
        ("topics", ["art", "Art", "ART"], ["art"]),
        ("topics", "Maths", ["maths"]),
        (
            "website",
            "https://example.com/cursos?id=1",
            "https://example.com/cursos?id=1",
        ),
        ("website", "http://example.com", "http://example.com"),
    ],
)
def test_valid_value_is_stored_normalised(
    course: ObjectType, key: str, given: Any, stored: Any
) -> None:
    values = {"name": "Algebra", key: given}

    result = validate_values(course, values)

    assert result == {"name": "Algebra", key: stored}


def test_money_is_stored_as_integer_minor_units_never_float(course: ObjectType) -> None:
    values = {"name": "Algebra", "price": {"amount": 19.99, "currency": "BRL"}}

    result = validate_values(course, values)

    assert isinstance(result, dict)
    assert result["price"] == {"amount_minor": 1999, "currency": "BRL"}
    assert type(result["price"]["amount_minor"]) is int


@pytest.mark.parametrize(
    ("key", "given", "message"),
    [
        (
            "summary",
            "x" * 10_001,
            "Field 'Summary' is limited to 10,000 characters; got 10,001. Shorten it.",
        ),
        ("summary", 5, "Field 'Summary' expects text; got int '5'."),
        ("seats", "abc", "Field 'Seats' expects a number like 42 or 3.5; got 'abc'."),
        ("seats", True, "Field 'Seats' expects a number like 42 or 3.5; got 'True'."),
        ("seats", "inf", "Field 'Seats' expects a finite number; got 'inf'."),
        ("seats", float("inf"), "Field 'Seats' expects a finite number; got 'inf'."),
        ("seats", "NaN", "Field 'Seats' expects a finite number; got 'NaN'."),
        ("seats", [1], "Field 'Seats' expects a number like 42 or 3.5; got '[1]'."),
        ("seats", "{0}", "Field 'Seats' expects a number like 42 or 3.5; got '{0}'."),
        (
            "price",
            {"amount": "12.50"},
            "Field 'Price' needs a currency code such as BRL or USD.",
        ),
        (
            "price",
            {"amount": "12,50", "currency": "BRL"},
            "Field 'Price' takes a dot for decimals and no thousands separators, "
            "like 1234.50; got '12,50'.",
        ),
        (
            "price",
            {"amount": "1,234.50", "currency": "USD"},
            "Field 'Price' takes a dot for decimals and no thousands separators, "
            "like 1234.50; got '1,234.50'.",
        ),
        (
            "price",
            {"amount": "12.50", "currency": "XYZ"},
            "Field 'Price' has an unknown currency code 'XYZ'; "
            "use an ISO 4217 code such as BRL or USD.",
        ),
        (
            "price",
            {"amount": "12.50", "currency": "REAL"},
            "Field 'Price' has an unknown currency code 'REAL'; "
            "use an ISO 4217 code such as BRL or USD.",
        ),
        (
            "price",
            {"amount": "1.5", "currency": "JPY"},
            "Field 'Price' takes whole amounts in JPY, like 1250; got '1.5'.",
        ),
        (
            "price",
            {"amount": "0.001", "currency": "USD"},
            "Field 'Price' allows at most 2 decimal places in USD, like 12.50; "
            "got '0.001'.",
        ),
        (
            "price",
            {"amount": "1.2345", "currency": "KWD"},
            "Field 'Price' allows at most 3 decimal places in KWD, like 1.250; "
            "got '1.2345'.",
        ),
        (
            "price",
            {"amount": "twelve", "currency": "BRL"},
            "Field 'Price' expects an amount like 12.50; got 'twelve'.",
        ),
        (
            "price",
            {"amount": "inf", "currency": "BRL"},
            "Field 'Price' expects an amount like 12.50; got 'inf'.",
        ),
        (
            "price",
            {"amount": "", "currency": "BRL"},
            "Field 'Price' needs an amount; enter one, like 12.50.",
        ),
        (
            "price",
            {"amount": "1e30", "currency": "USD"},
            "Field 'Price' allows amounts up to 92,233,720,368,547,758.07 USD; "
            "got '1e30'.",
        ),
        (
            "price",
            {"amount_minor": 12.5, "currency": "BRL"},
            "Field 'Price' expects whole minor units, like 1250 for 12.50; got '12.5'.",
        ),
        (
            "price",
            {"amount_minor": "abc", "currency": "BRL"},
            "Field 'Price' expects whole minor units, like 1250 for 12.50; got 'abc'.",
        ),
        (
            "price",
            {"amount_minor": True, "currency": "BRL"},
            "Field 'Price' expects whole minor units, like 1250 for 12.50; got 'True'.",
        ),
        (
            "price",
            {"amount_minor": 2**63, "currency": "BRL"},
            "Field 'Price' allows amounts up to 92,233,720,368,547,758.07 BRL; got "
            "'92233720368547758.08'.",
        ),
        (
            "price",
            "12.50",
            "Field 'Price' expects an amount and a currency code, like 12.50 BRL; "
            "got '12.50'.",
        ),
        (
            "start_date",
            "2025-02-31",
            "Field 'Start date' expects a date like 2025-03-01; got '2025-02-31'.",
        ),
        (
            "start_date",
            "31/02/2025",
            "Field 'Start date' expects a date like 2025-03-01; got '31/02/2025'.",
        ),
        (
            "start_date",
            "tomorrow",
            "Field 'Start date' expects a date like 2025-03-01; got 'tomorrow'.",
        ),
        ("online", "maybe", "Field 'Online' expects yes or no; got 'maybe'."),
        ("online", 2, "Field 'Online' expects yes or no; got '2'."),
        (
            "level",
            "Expert",
            "Field 'Level' has no option 'Expert'; choose one of: Beginner, "
            "Intermediate, Advanced.",
        ),
        (
            "level",
            ["beginner"],
            "Field 'Level' takes one option; choose one of: Beginner, Intermediate, "
            "Advanced.",
        ),
        (
            "topics",
            ["Maths", "Music"],
            "Field 'Topics' has no option 'Music'; choose one of: Maths, Science, Art.",
        ),
        (
            "website",
            "javascript:alert(1)",
            "Field 'Website' expects a web address starting with http:// or "
            "https://, like https://example.com; got 'javascript:alert(1)'.",
        ),
        (
            "website",
            "example",
            "Field 'Website' expects a web address starting with http:// or "
            "https://, like https://example.com; got 'example'.",
        ),
        (
            "website",
            "ftp://example.com/file",
            "Field 'Website' expects a web address starting with http:// or "
            "https://, like https://example.com; got 'ftp://example.com/file'.",
        ),
        (
            "website",
            "https://" + "a" * 2_000 + ".com",
            "Field 'Website' is limited to 2,000 characters; shorten it.",
        ),
    ],
)
def test_invalid_value_is_refused_with_exact_message(
    course: ObjectType, key: str, given: Any, message: str
) -> None:
    values = {"name": "Algebra", key: given}

    result = validate_values(course, values)

    assert result == [FieldProblem(field=key, message=message)]


@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_empty_optional_value_is_dropped(course: ObjectType, empty: Any) -> None:
    values = {"name": "Algebra", "summary": empty, "topics": empty}

    result = validate_values(course, values)

    assert result == {"name": "Algebra"}


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_required_value_is_refused(course: ObjectType, empty: Any) -> None:
    values = {"name": empty}

    result = validate_values(course, values)

    assert result == [
        FieldProblem(field="name", message="Field 'Name' is required; enter a value.")
    ]


def test_missing_required_field_is_refused(course: ObjectType) -> None:
    values = {"summary": "No name given"}

    result = validate_values(course, values)

    assert result == [
        FieldProblem(field="name", message="Field 'Name' is required; enter a value.")
    ]


def test_required_non_primary_field_is_refused_when_missing() -> None:
    course = build_object_type("Course", required=("start_date",))

    result = validate_values(course, {"name": "Algebra"})

    assert result == [
        FieldProblem(
            field="start_date", message="Field 'Start date' is required; enter a value."
        )
    ]


def test_unknown_field_key_is_refused_naming_the_type(course: ObjectType) -> None:
    values = {"name": "Algebra", "teacher": "Ana"}

    result = validate_values(course, values)

    assert result == [
        FieldProblem(
            field="teacher",
            message="'teacher' is not a field of Course; remove it or add the field "
            "to the object type first.",
        )
    ]


def test_labels_are_not_accepted_as_keys(course: ObjectType) -> None:
    values = {"Name": "Algebra"}

    result = validate_values(course, values)

    assert isinstance(result, list)
    assert [problem.field for problem in result] == ["name", "Name"]


def test_every_bad_field_gets_its_own_problem(course: ObjectType) -> None:
    values = {
        "name": "",
        "seats": "many",
        "start_date": "2025-13-01",
        "website": "example",
    }

    result = validate_values(course, values)

    assert isinstance(result, list)
    assert [problem.field for problem in result] == [
        "name",
        "seats",
        "start_date",
        "website",
    ]
