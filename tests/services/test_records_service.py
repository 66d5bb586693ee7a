"""services.records: writing records through their type's model, and listing them."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations, object_types, records
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound, Problem
from store import events
from tests.factories import make_contact, make_deal, make_object_type, make_record


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course")


def _names(page: records.RecordPage) -> list[str]:
    return [record.display_name for record in page.records]


# --- create, update, delete -----------------------------------------------------


def test_create_stores_normalised_values_and_display_name(
    ctx: Context, course: ObjectType
) -> None:
    values = {
        "name": "  Álgebra 📐 ",
        "seats": "30",
        "price": {"amount": "1500.00", "currency": "brl"},
        "start_date": "2025-03-01",
        "online": "yes",
        "level": "Beginner",
        "topics": ["maths", "Science"],
        "website": "https://escola.example/algebra",
    }

    created = records.create_record(ctx, course.id, values, external_id=" ext-1 ")
    stored = records.get_record(ctx, created.id)

    assert created.values == {
        "name": "Álgebra 📐",
        "seats": 30,
        "price": {"amount_minor": 150000, "currency": "BRL"},
        "start_date": "2025-03-01",
        "online": True,
        "level": "beginner",
        "topics": ["maths", "science"],
        "website": "https://escola.example/algebra",
    }
    assert (created.display_name, created.external_id) == ("Álgebra 📐", "ext-1")
    assert (stored.values, stored.display_name) == (
        created.values,
        created.display_name,
    )
    assert events.recent(ctx.store, ctx.account_id, limit=1)[0]["action"] == (
        "record.created"
    )


def test_create_by_type_key_works(ctx: Context, course: ObjectType) -> None:
    created = records.create_record(ctx, "course", {"name": "Algebra"})

    assert created.type_id == course.id


def test_invalid_values_give_one_problem_per_field_and_store_nothing(
    ctx: Context, course: ObjectType
) -> None:
    values = {"name": " ", "seats": "many", "level": "Expert", "colour": "red"}

    with pytest.raises(InvalidInput) as raised:
        records.create_record(ctx, course.id, values)

    assert raised.value.problems == [
        Problem("name", "Field 'Name' is required; enter a value."),
        Problem("seats", "Field 'Seats' expects a number like 42 or 3.5; got 'many'."),
        Problem(
            "level",
            "Field 'Level' has no option 'Expert'; choose one of: Beginner, "
            "Intermediate, Advanced.",
        ),
        Problem(
            "colour",
            "'colour' is not a field of Course; remove it or add the field to the "
            "object type first.",
        ),
    ]
    assert raised.value.message == "The Course was not saved. " + " ".join(
        problem.message for problem in raised.value.problems
    )
    assert raised.value.status == 422
    assert records.list_records(ctx, course.id).total == 0


def test_update_replaces_values_and_display_name(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra", seats=30, online=True)

    updated = records.update_record(ctx, record.id, {"name": "Álgebra II", "seats": 25})

    assert updated.values == {"name": "Álgebra II", "seats": 25}
    assert records.get_record(ctx, record.id).display_name == "Álgebra II"
    [event] = [
        e
        for e in events.recent(ctx.store, ctx.account_id)
        if e["action"] == "record.updated"
    ]
    assert (event["before"]["display_name"], event["after"]["display_name"]) == (
        "Algebra",
        "Álgebra II",
    )


def test_update_with_invalid_values_keeps_the_record(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")

    with pytest.raises(InvalidInput) as raised:
        records.update_record(
            ctx, record.id, {"name": "Algebra", "start_date": "2025-02-31"}
        )

    assert raised.value.problems == [
        Problem(
            "start_date",
            "Field 'Start date' expects a date like 2025-03-01; got '2025-02-31'.",
        )
    ]
    assert records.get_record(ctx, record.id).values == {"name": "Algebra"}


def test_delete_removes_the_record_and_its_associations(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Algebra")
    kept = make_record(ctx, course, "Geometry")
    contact, deal = make_contact(ctx), make_deal(ctx)
    for kind, target_id in [
        (TargetKind.CONTACT, contact.id),
        (TargetKind.DEAL, deal.id),
    ]:
        associations.associate(ctx, record_id=record.id, kind=kind, target_id=target_id)
    associations.associate(
        ctx, record_id=kept.id, kind=TargetKind.CONTACT, target_id=contact.id
    )

    removed = records.delete_record(ctx, record.id)

    assert removed == 2
    with pytest.raises(NotFound):
        records.get_record(ctx, record.id)
    assert associations.grouped_records(ctx, TargetKind.DEAL, deal.id) == []
    [group] = associations.grouped_records(ctx, TargetKind.CONTACT, contact.id)
    assert [item.record.id for item in group.items] == [kept.id]


def test_unknown_record_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound) as raised:
        records.get_record(ctx, "nope")

    assert raised.value.message == (
        "Record 'nope' does not exist in this account; it may have been deleted."
    )


# --- external ids and archived types --------------------------------------------


def test_external_id_is_unique_per_type(ctx: Context, course: ObjectType) -> None:
    make_record(ctx, course, "Algebra", external_id="SIS-1")

    with pytest.raises(Conflict) as raised:
        make_record(ctx, course, "Geometry", external_id="SIS-1")

    assert raised.value.message == (
        "Another Course already has the external id 'SIS-1'; use a different one or "
        "update that record."
    )
    assert records.list_records(ctx, course.id).total == 1


def test_same_external_id_is_allowed_in_another_type(
    ctx: Context, course: ObjectType
) -> None:
    student = make_object_type(ctx, "Student", every_format=False)
    make_record(ctx, course, "Algebra", external_id="SIS-1")

    other = make_record(ctx, student, "Ana", external_id="SIS-1")

    assert other.external_id == "SIS-1"


def test_many_records_without_external_id_are_allowed(
    ctx: Context, course: ObjectType
) -> None:
    for name in ["A", "B", "C"]:
        make_record(ctx, course, name, external_id="  ")

    assert records.list_records(ctx, course.id).total == 3


def test_archived_type_refuses_new_records(ctx: Context, course: ObjectType) -> None:
    object_types.archive_object_type(ctx, course.id)

    with pytest.raises(Conflict) as raised:
        make_record(ctx, course, "Algebra")

    assert raised.value.message == (
        "Object type 'Course' is archived; restore it before adding records."
    )


# --- listing ----------------------------------------------------------------------


def test_pages_never_overlap_and_total_is_right(
    ctx: Context, course: ObjectType
) -> None:
    created = {make_record(ctx, course, "Same name").id for _ in range(7)}

    pages = [
        records.list_records(ctx, course.id, page=n, page_size=3) for n in (1, 2, 3)
    ]

    seen = [record.id for page in pages for record in page.records]
    assert [len(page.records) for page in pages] == [3, 3, 1]
    assert sorted(seen) == sorted(created)
    assert {(page.total, page.pages) for page in pages} == {(7, 3)}


def test_page_past_the_end_is_empty(ctx: Context, course: ObjectType) -> None:
    make_record(ctx, course, "Algebra")

    page = records.list_records(ctx, course.id, page=5, page_size=10)

    assert (page.records, page.total, page.pages) == ([], 1, 1)


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("alg", ["Álgebra", "ÁLGEBRA linear", "álgebra 🎉"]),
        ("ÁLG", ["Álgebra", "ÁLGEBRA linear", "álgebra 🎉"]),
        ("linear", ["ÁLGEBRA linear"]),
        ("🎉", ["álgebra 🎉"]),
        ("curso de português", ["Curso de Português"]),
        ("PORTUGUES", ["Curso de Português"]),
        ("(", []),
        ("  ", ["Álgebra", "ÁLGEBRA linear", "álgebra 🎉", "Curso de Português"]),
    ],
)
def test_search_matches_the_primary_field_ignoring_case_and_accents(
    ctx: Context, course: ObjectType, search: str, found: list[str]
) -> None:
    for name in ["Álgebra", "ÁLGEBRA linear", "álgebra 🎉", "Curso de Português"]:
        make_record(ctx, course, name, summary="algebra everywhere")

    page = records.list_records(ctx, course.id, search=search)

    assert sorted(_names(page)) == sorted(found)
    assert page.total == len(found)


# Gamma has no Online value: a missing value sorts before every other.
SORTABLE: list[tuple[str, dict[str, Any]]] = [
    (
        "Alpha",
        {
            "summary": "b",
            "seats": 20,
            "price": {"amount": "100.00", "currency": "BRL"},
            "start_date": "2025-03-01",
            "online": True,
            "level": "beginner",
            "topics": ["science"],
            "website": "https://b.example",
        },
    ),
    (
        "Beta",
        {
            "summary": "c",
            "seats": 3.5,
            "price": {"amount": "9.99", "currency": "BRL"},
            "start_date": "2024-12-31",
            "online": False,
            "level": "intermediate",
            "topics": ["art"],
            "website": "https://c.example",
        },
    ),
    (
        "Gamma",
        {
            "summary": "a",
            "seats": 100,
            "price": {"amount": "1000", "currency": "BRL"},
            "start_date": "2025-10-15",
            "level": "advanced",
            "topics": ["maths"],
            "website": "https://a.example",
        },
    ),
]


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("", ["Alpha", "Beta", "Gamma"]),
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("summary", ["Gamma", "Alpha", "Beta"]),
        ("seats", ["Beta", "Alpha", "Gamma"]),
        ("price", ["Beta", "Alpha", "Gamma"]),
        ("start_date", ["Beta", "Alpha", "Gamma"]),
        ("online", ["Gamma", "Beta", "Alpha"]),
        ("level", ["Gamma", "Alpha", "Beta"]),
        ("topics", ["Beta", "Gamma", "Alpha"]),
        ("website", ["Gamma", "Alpha", "Beta"]),
    ],
)
def test_sort_on_every_format_both_ways(
    ctx: Context, course: ObjectType, sort: str, ascending: list[str]
) -> None:
    for name, values in SORTABLE:
        make_record(ctx, course, name, **values)

    up = records.list_records(ctx, course.id, sort=sort)
    down = records.list_records(ctx, course.id, sort=sort, descending=True)

    assert _names(up) == ascending
    assert _names(down) == ascending[::-1]


def test_currency_sorts_by_exact_minor_units_not_text(
    ctx: Context, course: ObjectType
) -> None:
    for name, amount in [("Ten", "10"), ("Nine", "9.99"), ("Hundred", "100")]:
        make_record(ctx, course, name, price={"amount": amount, "currency": "BRL"})

    page = records.list_records(ctx, course.id, sort="price")

    assert _names(page) == ["Nine", "Ten", "Hundred"]


def test_display_name_sort_ignores_case_and_accents(
    ctx: Context, course: ObjectType
) -> None:
    for name in ["zebra", "Étude", "apple", "Banana"]:
        make_record(ctx, course, name)

    page = records.list_records(ctx, course.id)

    assert _names(page) == ["apple", "Banana", "Étude", "zebra"]


def test_bad_sort_key_names_the_fields_to_sort_by(ctx: Context) -> None:
    student = make_object_type(ctx, "Student", every_format=False)

    with pytest.raises(InvalidInput) as raised:
        records.list_records(ctx, student.id, sort="age")

    assert raised.value.problems == [
        Problem(
            "sort",
            "Cannot sort Students by 'age': it is not one of their fields; sort by "
            "one of: Name.",
        )
    ]
