"""/v1/objects/{type_key}/records: each route's answers (money as a decimal
string, dates ISO 8601), lists a page at a time with filters and sorts, upserts
by external id one at a time and by the batch, the services' refusals in their
own words, and another account's records as if they did not exist."""

from __future__ import annotations

import base64
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.accounts import Account
from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations
from services.context import Context
from store import events
from store.engine import Store
from tests.api.conftest import MODULE_OFF, READ_ONLY, error_of
from tests.factories import (
    make_contact,
    make_object_type,
    make_record,
    on_every_engine,
)

URL = "/v1/objects/course/records"
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}000)?Z")

ALGEBRA_IN = {
    "name": " Álgebra ",
    "summary": "Equations",
    "seats": "12",
    "price": {"amount": 99.9, "currency": "brl"},
    "start_date": "2025-03-01",
    "online": "yes",
    "level": "Beginner",
    "topics": ["Maths", "maths", "Science"],
    "website": "https://school.example/algebra",
}
ALGEBRA_OUT = {
    "name": "Álgebra",
    "summary": "Equations",
    "seats": 12,
    "price": {"amount": "99.90", "currency": "BRL"},
    "start_date": "2025-03-01",
    "online": True,
    "level": "beginner",
    "topics": ["maths", "science"],
    "website": "https://school.example/algebra",
}


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    """A Course type (key `course`) with one field of every format."""
    return make_object_type(ctx, "Course")


@pytest.fixture
def four_courses(ctx: Context, course: ObjectType) -> None:
    """Art, Maths and Music, each with some fields filled in, and Free with none."""
    make_record(
        ctx,
        course,
        "Art",
        seats=10,
        level="Beginner",
        price={"amount": "9.50", "currency": "BRL"},
        start_date="2025-03-01",
    )
    make_record(
        ctx,
        course,
        "Maths",
        seats=20,
        level="Intermediate",
        topics=["Maths", "Science"],
        price={"amount": "100", "currency": "BRL"},
        start_date="2025-04-01",
    )
    make_record(
        ctx,
        course,
        "Music",
        seats=30,
        level="Advanced",
        online=True,
        website="https://music.example",
        price={"amount": "9.05", "currency": "BRL"},
        start_date="2025-02-01",
    )
    make_record(ctx, course, "Free")


def _problems(response: Any) -> list[tuple[str, str]]:
    return [(d["field"], d["message"]) for d in error_of(response)["details"]]


def _names(response: Any) -> list[str]:
    return [record["display_name"] for record in response.json()["data"]]


def _all_pages(api: TestClient, **params: Any) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        response = api.get(URL, params=params | ({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.text
        pages.append(_names(response))
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return pages


def _cursor(*parts: Any) -> str:
    payload = json.dumps(list(parts)).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


# --- create and read ----------------------------------------------------------


def test_create_answers_201_with_values_in_the_api_shape(
    writer: TestClient, course: ObjectType, store: Store
) -> None:
    response = writer.post(URL, json={"values": ALGEBRA_IN, "external_id": " c-1 "})

    body = response.json()
    assert response.status_code == 201
    assert body["values"] == ALGEBRA_OUT
    assert (body["type_key"], body["display_name"], body["external_id"]) == (
        "course",
        "Álgebra",
        "c-1",
    )
    assert ISO_UTC.fullmatch(body["created_at"])
    assert body["updated_at"] == body["created_at"]
    stored = store.records.find_one({"_id": body["id"]})
    assert stored["values"]["price"] == {"amount_minor": 9990, "currency": "BRL"}
    assert writer.get(f"{URL}/{body['id']}").json() == body


def test_a_type_is_named_by_its_key_or_its_id(
    writer: TestClient, course: ObjectType
) -> None:
    response = writer.post(
        f"/v1/objects/{course.id}/records", json={"values": {"name": "Art"}}
    )

    assert response.status_code == 201
    assert response.json()["type_key"] == "course"


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({}, [("name", "Field 'Name' is required; enter a value.")]),
        (
            {"name": "Art", "seats": "many"},
            [("seats", "Field 'Seats' expects a number like 42 or 3.5; got 'many'.")],
        ),
        (
            {"name": "Art", "price": {"amount": "12.345", "currency": "BRL"}},
            [
                (
                    "price",
                    "Field 'Price' allows at most 2 decimal places in BRL, like "
                    "12.50; got '12.345'.",
                )
            ],
        ),
        (
            {"name": "Art", "price": {"amount": "1e999999999", "currency": "BRL"}},
            [
                (
                    "price",
                    "Field 'Price' allows amounts up to 92,233,720,368,547,758.07 BRL; "
                    "got '1e999999999'.",
                )
            ],
        ),
        (
            {"name": "Art", "price": "12.50"},
            [
                (
                    "price",
                    "Field 'Price' expects an amount and a currency code, like 12.50 "
                    "BRL; got '12.50'.",
                )
            ],
        ),
        (
            {"name": "Art", "start_date": "31/02/2025"},
            [
                (
                    "start_date",
                    "Field 'Start date' expects a date like 2025-03-01; got "
                    "'31/02/2025'.",
                )
            ],
        ),
        (
            {"name": "Art", "level": "Expert"},
            [
                (
                    "level",
                    "Field 'Level' has no option 'Expert'; choose one of: Beginner, "
                    "Intermediate, Advanced.",
                )
            ],
        ),
        (
            {"name": "Art", "colour": "red"},
            [
                (
                    "colour",
                    "'colour' is not a field of Course; remove it or add the field to "
                    "the object type first.",
                )
            ],
        ),
        (
            {"name": ["Art"], "online": "perhaps"},
            [
                ("name", "Field 'Name' expects text; got list '['Art']'."),
                ("online", "Field 'Online' expects yes or no; got 'perhaps'."),
            ],
        ),
    ],
)
def test_create_refuses_bad_values_naming_each_field(
    writer: TestClient,
    course: ObjectType,
    store: Store,
    values: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    response = writer.post(URL, json={"values": values})

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert _problems(response) == problems
    summary = " ".join(message for _, message in problems)
    assert error["message"] == f"The Course was not saved. {summary}"
    assert store.records.count_documents({}) == 0


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"value": {"name": "Art"}},
            [
                (
                    "value",
                    "Field 'value' is not one this request takes; remove it or check "
                    "its spelling.",
                )
            ],
        ),
        (
            {"values": ["Art"]},
            [("values", "Field 'values' expects a JSON object; got '[\"Art\"]'.")],
        ),
        (
            {"values": {"name": "Art"}, "external_id": 7},
            [("external_id", "Field 'external_id' expects text; got '7'.")],
        ),
        (
            {"values": {"name": "Art"}, "external_id": "x" * 201},
            [
                (
                    "external_id",
                    "The external id is 201 characters long; keep it within 200.",
                )
            ],
        ),
    ],
)
def test_create_refuses_a_malformed_body_naming_the_field(
    writer: TestClient,
    course: ObjectType,
    store: Store,
    body: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    response = writer.post(URL, json=body)

    assert response.status_code == 422
    assert _problems(response) == problems
    assert store.records.count_documents({}) == 0


def test_create_refuses_an_external_id_in_use(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    make_record(ctx, course, "Art", external_id="c-1")

    response = writer.post(URL, json={"values": {"name": "Art"}, "external_id": "c-1"})

    assert response.status_code == 409
    assert error_of(response) == {
        "code": "conflict",
        "message": "Another Course already has the external id 'c-1'; use a "
        "different one or update that record.",
        "details": [],
    }


def test_an_unknown_type_is_404(writer: TestClient) -> None:
    response = writer.post("/v1/objects/nothing/records", json={"values": {}})

    assert response.status_code == 404
    assert error_of(response)["message"] == (
        "Object type 'nothing' does not exist in this account; pick one from the "
        "object types page."
    )


def test_an_unknown_record_is_404(writer: TestClient, course: ObjectType) -> None:
    response = writer.get(f"{URL}/nothing")

    assert response.status_code == 404
    assert error_of(response)["message"] == (
        "Record 'nothing' does not exist in this account; it may have been deleted."
    )


def test_a_record_of_another_type_is_404(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    room = make_object_type(ctx, "Room", every_format=False)
    theirs = make_record(ctx, room, "Lab")

    response = writer.get(f"{URL}/{theirs.id}")

    assert response.status_code == 404
    assert error_of(response)["message"] == (
        f"Record '{theirs.id}' is not a Course; check the id and the type key."
    )


# --- lists --------------------------------------------------------------------


def test_lists_every_record_once_a_page_at_a_time(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    for name in ["Érica", "bruno", "Ana", "Carla", "Dora", "ana", "Beto"]:
        make_record(ctx, course, name)

    pages = _all_pages(writer, limit=3)

    assert pages == [["Ana", "ana", "Beto"], ["bruno", "Carla", "Dora"], ["Érica"]]


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("seats", "asc", ["Free", "Art", "Maths", "Music"]),
        ("seats", "desc", ["Music", "Maths", "Art", "Free"]),
        ("price", "desc", ["Maths", "Art", "Music", "Free"]),
        ("start_date", "asc", ["Free", "Music", "Art", "Maths"]),
        ("", "desc", ["Music", "Maths", "Free", "Art"]),
    ],
)
def test_lists_sort_on_any_field_both_ways_across_pages(
    writer: TestClient,
    four_courses: None,
    sort: str,
    order: str,
    expected: list[str],
) -> None:
    pages = _all_pages(writer, sort=sort, order=order, limit=3)

    assert [name for page in pages for name in page] == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["seats:gte:20"], ["Maths", "Music"]),
        (["seats:gt:10", "seats:lt:30"], ["Maths"]),
        (["price:lt:10.00 BRL"], ["Art", "Music"]),
        (["level:in:Beginner,advanced"], ["Art", "Music"]),
        (["level:ne:beginner"], ["Free", "Maths", "Music"]),
        (["topics:contains:Science"], ["Maths"]),
        (["name:contains:MU"], ["Music"]),
        (["start_date:lte:2025-03-01"], ["Art", "Music"]),
        (["online:eq:yes"], ["Music"]),
        (["website:is_empty:true"], ["Art", "Free", "Maths"]),
        (["website:is_empty:false"], ["Music"]),
    ],
)
def test_filters_on_field_values_select_the_matching_records(
    writer: TestClient,
    four_courses: None,
    filters: list[str],
    expected: list[str],
) -> None:
    response = writer.get(URL, params={"filter": filters})

    assert response.status_code == 200, response.text
    assert _names(response) == expected


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"filter": "colour:eq:red"},
            "filter",
            "Cannot filter Courses by 'colour': it is not one of their fields; use "
            "one of: name, summary, seats, price, start_date, online, level, "
            "topics, website.",
        ),
        (
            {"filter": "seats:about:10"},
            "filter",
            "The filter 'seats:about:10' has no operator 'about'; write "
            "field:operator:value with an operator among eq, ne, gt, gte, lt, lte, "
            "in, contains, is_empty.",
        ),
        (
            {"filter": "seats:gt:many"},
            "filter",
            "In the filter on seats: Field 'Seats' expects a number like 42 or 3.5; "
            "got 'many'.",
        ),
        (
            {"filter": "online:gt:yes"},
            "filter",
            "Field 'Online' is a yes/no field and cannot be compared with gt; use "
            "eq, ne, in or is_empty.",
        ),
        (
            {"sort": "colour"},
            "sort",
            "Cannot sort Courses by 'colour': it is not one of their fields; sort "
            "by one of: Name, Summary, Seats, Price, Start date, Online, Level, "
            "Topics, Website.",
        ),
        (
            {"sort": "topics"},
            "sort",
            "Cannot sort Courses by 'Topics': it holds several options per record; "
            "sort by another field.",
        ),
        (
            {"order": "up"},
            "order",
            "Query parameter 'order' expects one of 'asc' or 'desc'; got 'up'.",
        ),
        (
            {"limit": 201},
            "limit",
            "Query parameter 'limit' must be at most 200; got '201'.",
        ),
        (
            {"updated_after": "yesterday"},
            "updated_after",
            "Query parameter 'updated_after' expects a time like "
            "2025-03-01T12:00:00Z; got 'yesterday'.",
        ),
        (
            {"updated_after": "0001-01-01T00:00:00+14:00"},
            "updated_after",
            "updated_after '0001-01-01T00:00:00+14:00' is out of range in UTC; give "
            "a time such as 2025-03-01T12:00:00Z.",
        ),
    ],
)
def test_lists_refuse_bad_parameters_naming_them(
    writer: TestClient,
    course: ObjectType,
    params: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = writer.get(URL, params=params)

    assert response.status_code == 422
    assert _problems(response) == [(field, message)]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        _cursor("display_name_lower", False, {"$where": "1"}, "x"),
        _cursor("display_name_lower", False, "a", 7),
        _cursor("display_name_lower", False, "a"),
        base64.urlsafe_b64encode(b"[" * 5000).decode(),
    ],
    ids=["garbage", "operator", "id-not-text", "short", "deep"],
)
def test_a_cursor_this_api_did_not_give_is_refused(
    writer: TestClient, ctx: Context, course: ObjectType, cursor: str
) -> None:
    make_record(ctx, course, "Art")

    response = writer.get(URL, params={"cursor": cursor})

    assert response.status_code == 422
    assert _problems(response) == [
        (
            "cursor",
            "The cursor is not one this API gave; pass next_cursor from the last "
            "page unchanged, or leave it out to start again.",
        )
    ]


def test_a_cursor_of_another_sort_is_refused(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    for name in ["Art", "Maths"]:
        make_record(ctx, course, name)
    cursor = writer.get(URL, params={"limit": 1}).json()["next_cursor"]

    response = writer.get(URL, params={"cursor": cursor, "order": "desc"})

    assert response.status_code == 422
    assert _problems(response) == [
        (
            "cursor",
            "The cursor belongs to another sort order; keep sort and order as on "
            "the first page, or leave the cursor out to start again.",
        )
    ]


def test_updated_after_keeps_only_later_changes_in_any_time_zone(
    writer: TestClient, ctx: Context, course: ObjectType, store: Store
) -> None:
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    art = make_record(ctx, course, "Art")
    store.records.update_one(
        {"_id": art.id}, {"$set": {"updated_at": an_hour_ago.replace(tzinfo=None)}}
    )
    make_record(ctx, course, "Maths")
    since = an_hour_ago + timedelta(minutes=30)
    sao_paulo = timezone(timedelta(hours=-3))

    answers = [
        writer.get(URL, params={"updated_after": moment.isoformat()})
        for moment in [
            since,
            since.astimezone(sao_paulo),
            since.replace(tzinfo=None),
            an_hour_ago - timedelta(minutes=1),
        ]
    ]

    assert [_names(answer) for answer in answers] == [
        ["Maths"],
        ["Maths"],
        ["Maths"],
        ["Art", "Maths"],
    ]


# --- patch and delete -----------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_null_clears_one(
    writer: TestClient, course: ObjectType
) -> None:
    created = writer.post(URL, json={"values": ALGEBRA_IN}).json()

    response = writer.patch(
        f"{URL}/{created['id']}",
        json={
            "values": {
                "seats": 30,
                "website": None,
                "price": {"amount": "5", "currency": "USD"},
            }
        },
    )

    body = response.json()
    assert response.status_code == 200
    expected = {k: v for k, v in ALGEBRA_OUT.items() if k != "website"}
    assert body["values"] == expected | {
        "seats": 30,
        "price": {"amount": "5.00", "currency": "USD"},
    }
    assert body["created_at"] == created["created_at"]
    assert body["updated_at"] >= created["updated_at"]
    assert writer.get(f"{URL}/{created['id']}").json() == body


def test_patch_refuses_bad_values_and_keeps_the_record(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Art", seats=10)
    before = writer.get(f"{URL}/{record.id}").json()

    response = writer.patch(
        f"{URL}/{record.id}", json={"values": {"name": None, "seats": "x"}}
    )

    assert response.status_code == 422
    assert _problems(response) == [
        ("name", "Field 'Name' is required; enter a value."),
        ("seats", "Field 'Seats' expects a number like 42 or 3.5; got 'x'."),
    ]
    assert writer.get(f"{URL}/{record.id}").json() == before


def test_patch_needs_values(
    writer: TestClient, ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Art")

    response = writer.patch(f"{URL}/{record.id}", json={})

    assert response.status_code == 422
    assert _problems(response) == [("values", "Field 'values' is required; send it.")]


def test_delete_answers_204_and_removes_the_record_and_its_links(
    writer: TestClient, ctx: Context, course: ObjectType, store: Store
) -> None:
    record = make_record(ctx, course, "Art")
    associations.associate(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=make_contact(ctx).id,
    )

    deleted = writer.delete(f"{URL}/{record.id}")
    again = writer.delete(f"{URL}/{record.id}")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert again.status_code == 404
    assert writer.get(f"{URL}/{record.id}").status_code == 404
    assert store.associations.count_documents({}) == 0


# --- upsert by external id ------------------------------------------------------


def test_put_by_external_id_creates_then_updates_the_one_record(
    writer: TestClient, ctx: Context, course: ObjectType, store: Store
) -> None:
    created = writer.put(f"{URL}/by-external-id/crm-7", json={"values": ALGEBRA_IN})
    updated = writer.put(
        f"{URL}/by-external-id/crm-7", json={"values": {"name": "Álgebra II"}}
    )

    assert (created.status_code, updated.status_code) == (201, 200)
    assert created.json()["id"] == updated.json()["id"]
    assert created.json()["values"] == ALGEBRA_OUT
    assert updated.json()["values"] == {"name": "Álgebra II"}
    assert updated.json()["external_id"] == "crm-7"
    assert store.records.count_documents({}) == 1
    actions = [e["action"] for e in events.recent(store, ctx.account_id)]
    assert actions[:2] == ["record.updated", "record.created"]


@pytest.mark.parametrize(
    ("path", "external_id"),
    [
        ("erp/courses/7", "erp/courses/7"),
        ("a%2Fb%20c", "a/b c"),
        ("ação-1", "ação-1"),
    ],
)
def test_put_takes_external_ids_with_slashes_and_any_text(
    writer: TestClient, course: ObjectType, path: str, external_id: str
) -> None:
    created = writer.put(
        f"{URL}/by-external-id/{path}", json={"values": {"name": "Art"}}
    )
    again = writer.put(f"{URL}/by-external-id/{path}", json={"values": {"name": "Art"}})

    assert (created.status_code, again.status_code) == (201, 200)
    assert created.json()["external_id"] == external_id
    assert again.json() == created.json()


def test_put_with_the_same_values_writes_nothing(
    writer: TestClient, course: ObjectType, store: Store
) -> None:
    writer.put(f"{URL}/by-external-id/crm-7", json={"values": ALGEBRA_IN})
    audited = store.events.count_documents({})

    again = writer.put(f"{URL}/by-external-id/crm-7", json={"values": ALGEBRA_IN})

    assert again.status_code == 200
    assert store.events.count_documents({}) == audited


@pytest.mark.parametrize(
    ("path", "body", "problems"),
    [
        (
            "%20%20",
            {"values": {"name": "Art"}},
            [
                (
                    "external_id",
                    "The external id is empty; give one such as 'crm-1042'.",
                )
            ],
        ),
        (
            "x" * 201,
            {"values": {"name": "Art"}},
            [
                (
                    "external_id",
                    "The external id is 201 characters long; keep it within 200.",
                )
            ],
        ),
        (
            "crm-7",
            {"values": {}},
            [("name", "Field 'Name' is required; enter a value.")],
        ),
        ("crm-7", {}, [("values", "Field 'values' is required; send it.")]),
    ],
)
def test_put_refuses_bad_input_and_creates_nothing(
    writer: TestClient,
    course: ObjectType,
    store: Store,
    path: str,
    body: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    response = writer.put(f"{URL}/by-external-id/{path}", json=body)

    assert response.status_code == 422
    assert _problems(response) == problems
    assert store.records.count_documents({}) == 0


# --- batch ----------------------------------------------------------------------


def test_batch_answers_one_result_per_item_in_order(
    writer: TestClient, ctx: Context, course: ObjectType, store: Store
) -> None:
    kept = make_record(ctx, course, "Art", external_id="c-1", seats=10)
    changed = make_record(ctx, course, "Maths", external_id="c-2")

    response = writer.post(
        f"{URL}/batch",
        json={
            "records": [
                {"external_id": "c-1", "values": {"name": "Art", "seats": "10"}},
                {"external_id": "c-2", "values": {"name": "Maths II"}},
                {
                    "external_id": "c-3",
                    "values": {
                        "name": "Music",
                        "price": {"amount": "12.5", "currency": "BRL"},
                    },
                },
                {"external_id": "c-4", "values": {"seats": "many"}},
                {"external_id": "c-3", "values": {"name": "Music again"}},
                {"external_id": " ", "values": {"name": "Nameless"}},
                {"external_id": "x" * 201, "values": {"name": "Long"}},
                {"external_id": "c-5"},
            ]
        },
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["external_id"], r["status"]) for r in results] == [
        (0, "c-1", "unchanged"),
        (1, "c-2", "updated"),
        (2, "c-3", "created"),
        (3, "c-4", "error"),
        (4, "c-3", "error"),
        (5, " ", "error"),
        (6, "x" * 201, "error"),
        (7, "c-5", "error"),
    ]
    assert [r["id"] for r in results[:2]] == [kept.id, changed.id]
    assert all(r["id"] is None for r in results[3:])
    assert [r["error"] for r in results[:3]] == [None, None, None]
    assert results[3]["error"] == {
        "code": "invalid",
        "message": "The Course was not saved. Field 'Name' is required; enter a "
        "value. Field 'Seats' expects a number like 42 or 3.5; got 'many'.",
        "details": [
            {"field": "name", "message": "Field 'Name' is required; enter a value."},
            {
                "field": "seats",
                "message": "Field 'Seats' expects a number like 42 or 3.5; got 'many'.",
            },
        ],
    }
    duplicate = (
        "The external id 'c-3' appears earlier in this batch, at item 2; send each "
        "record once."
    )
    empty = "The external id is empty; give each record one."
    long = "The external id is 201 characters long; keep it within 200."
    for result, message in [
        (results[4], duplicate),
        (results[5], empty),
        (results[6], long),
    ]:
        assert result["error"] == {
            "code": "invalid",
            "message": message,
            "details": [{"field": "external_id", "message": message}],
        }
    music = writer.get(f"{URL}/{results[2]['id']}").json()
    assert music["values"] == {
        "name": "Music",
        "price": {"amount": "12.50", "currency": "BRL"},
    }
    assert store.records.count_documents({}) == 3


def test_batch_of_more_than_a_thousand_is_refused_whole(
    writer: TestClient, course: ObjectType, store: Store
) -> None:
    items = [
        {"external_id": f"c-{n}", "values": {"name": f"C{n}"}} for n in range(1001)
    ]

    response = writer.post(f"{URL}/batch", json={"records": items})

    assert response.status_code == 422
    assert _problems(response) == [
        ("records", "A batch takes at most 1,000 records; got 1,001. Split it.")
    ]
    assert store.records.count_documents({}) == 0


def test_batch_of_a_thousand_is_taken(
    writer: TestClient, course: ObjectType, store: Store
) -> None:
    items = [
        {"external_id": f"c-{n}", "values": {"name": f"C{n}"}} for n in range(1000)
    ]

    response = writer.post(f"{URL}/batch", json={"records": items})

    assert response.status_code == 200
    assert {r["status"] for r in response.json()["results"]} == {"created"}
    assert store.records.count_documents({}) == 1000


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ({}, [("records", "Field 'records' is required; send it.")]),
        (
            {"records": [{"values": {"name": "Art"}}]},
            [
                (
                    "records.0.external_id",
                    "Field 'records.0.external_id' is required; send it.",
                )
            ],
        ),
        (
            {"records": [{"external_id": "c-1", "value": {}}]},
            [
                (
                    "records.0.value",
                    "Field 'records.0.value' is not one this request takes; remove it "
                    "or check its spelling.",
                )
            ],
        ),
    ],
)
def test_batch_refuses_a_malformed_body_naming_the_item(
    writer: TestClient,
    course: ObjectType,
    body: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    response = writer.post(f"{URL}/batch", json=body)

    assert response.status_code == 422
    assert _problems(response) == problems


# --- keys, the module switch and another account -------------------------------------


def _calls(record_id: str) -> list[tuple[str, str, object]]:
    return [
        ("POST", URL, {"values": {"name": "Art"}}),
        ("PATCH", f"{URL}/{record_id}", {"values": {"seats": 3}}),
        ("DELETE", f"{URL}/{record_id}", None),
        ("PUT", f"{URL}/by-external-id/c-9", {"values": {"name": "Art"}}),
        ("POST", f"{URL}/batch", {"records": [{"external_id": "c-9", "values": {}}]}),
    ]


def test_a_read_only_key_reads_but_may_not_write(
    reader: TestClient, ctx: Context, course: ObjectType, store: Store
) -> None:
    record = make_record(ctx, course, "Art")
    before = list(store.records.find({}))

    listed = reader.get(URL)
    one = reader.get(f"{URL}/{record.id}")
    writes = [reader.request(m, url, json=body) for m, url, body in _calls(record.id)]

    assert (listed.status_code, one.status_code) == (200, 200)
    assert [w.status_code for w in writes] == [403] * 5
    assert {error_of(w)["message"] for w in writes} == {READ_ONLY}
    assert list(store.records.find({})) == before


def test_with_the_module_off_every_route_says_so_in_the_ui_words(
    writer: TestClient, ctx: Context, course: ObjectType, store: Store, account: Account
) -> None:
    record = make_record(ctx, course, "Art")
    store.accounts.update_one(
        {"_id": account.id}, {"$set": {"modules.custom_objects": False}}
    )
    reads = [("GET", URL, None), ("GET", f"{URL}/{record.id}", None)]

    answers = [
        writer.request(m, url, json=body) for m, url, body in reads + _calls(record.id)
    ]

    assert [a.status_code for a in answers] == [403] * 7
    assert {(error_of(a)["code"], error_of(a)["message"]) for a in answers} == {
        ("module_disabled", MODULE_OFF)
    }


def test_another_account_records_are_not_found_and_untouched(
    outsider: TestClient,
    ctx: Context,
    other_account: Account,
    course: ObjectType,
    store: Store,
) -> None:
    make_object_type(Context.system(store, other_account), "Course")
    mine = make_record(ctx, course, "Art", external_id="c-1")
    before = list(store.records.find({}))

    answers = [
        outsider.request(method, f"{URL}/{mine.id}", json=body)
        for method, body in [("GET", None), ("PATCH", {"values": {}}), ("DELETE", None)]
    ]
    listed = outsider.get(URL)

    assert [a.status_code for a in answers] == [404] * 3
    assert {error_of(a)["message"] for a in answers} == {
        f"Record '{mine.id}' does not exist in this account; it may have been deleted."
    }
    assert listed.json() == {"data": [], "next_cursor": None}
    assert list(store.records.find({})) == before


def test_the_same_external_id_in_two_accounts_is_two_records(
    writer: TestClient,
    outsider: TestClient,
    other_account: Account,
    course: ObjectType,
    store: Store,
) -> None:
    make_object_type(Context.system(store, other_account), "Course")

    mine = writer.put(f"{URL}/by-external-id/c-1", json={"values": {"name": "Art"}})
    theirs = outsider.put(
        f"{URL}/by-external-id/c-1", json={"values": {"name": "Other"}}
    )

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    assert writer.get(f"{URL}/{mine.json()['id']}").json()["display_name"] == "Art"


# --- many clients at once -------------------------------------------------------


def _put_status(api: TestClient, external_id: str) -> str:
    response = api.put(
        f"{URL}/by-external-id/{external_id}", json={"values": {"name": external_id}}
    )
    assert response.status_code in {200, 201}, response.text
    return "created" if response.status_code == 201 else "existing"


@on_every_engine
@pytest.mark.parametrize("how", ["batch", "put-or-batch"])
def test_eight_clients_upserting_the_same_200_ids_at_once_leave_200_records(
    crowd: list[TestClient],
    store: Store,
    account: Account,
    course: ObjectType,
    how: str,
) -> None:
    """Eight batches; or four batches and four clients PUTting one id at a time,
    racing each other as well as the batches."""
    ids = [f"c-{n:03}" for n in range(200)]
    start = threading.Barrier(len(crowd), timeout=60)

    def upsert(worker: int) -> list[str]:
        api = crowd[worker]
        start.wait()
        if how == "batch" or worker % 2:
            items = [{"external_id": i, "values": {"name": i}} for i in ids]
            response = api.post(f"{URL}/batch", json={"records": items})
            assert response.status_code == 200, response.text
            return [result["status"] for result in response.json()["results"]]
        return [_put_status(api, external_id) for external_id in ids]

    with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
        statuses = [s for worker in pool.map(upsert, range(len(crowd))) for s in worker]

    assert statuses.count("created") == 200
    assert "error" not in statuses
    assert store.records.count_documents({"account_id": account.id}) == 200
    pages = _all_pages(crowd[0], limit=200)
    assert sorted(name for page in pages for name in page) == ids
