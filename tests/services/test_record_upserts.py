"""Upserts by external id, batches, cursor pages with filters, and idempotent
associations: what the public API is built on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations, records
from services.context import Context
from services.errors import Conflict, InvalidInput
from services.runtime import start
from store.engine import Settings
from tests.factories import (
    context_as,
    make_account,
    make_contact,
    make_object_type,
    make_record,
    on_every_engine,
)


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course")


def _all_pages(ctx: Context, course: ObjectType, **options: object) -> list[str]:
    names, cursor = [], None
    while True:
        page, cursor = records.find_records(
            ctx,
            course.id,
            cursor=cursor,
            limit=3,
            **options,  # type: ignore[arg-type]
        )
        names += [r.display_name for r in page]
        if cursor is None:
            return names


# --- upsert by external id ---------------------------------------------------


@on_every_engine
def test_upsert_by_external_id_creates_then_updates_the_same_record(
    ctx: Context, course: ObjectType
) -> None:
    first, created = records.upsert_record(ctx, course.id, "crm-1", {"name": "Álgebra"})
    second, created_again = records.upsert_record(
        ctx, course.id, "crm-1", {"name": "Álgebra II", "seats": "12"}
    )

    assert (created, created_again) == (True, False)
    assert second.id == first.id
    assert second.values == {"name": "Álgebra II", "seats": 12}
    assert records.list_records(ctx, course.id).total == 1


def test_upsert_refuses_an_empty_external_id(ctx: Context, course: ObjectType) -> None:
    with pytest.raises(InvalidInput) as raised:
        records.upsert_record(ctx, course.id, "  ", {"name": "Álgebra"})

    assert raised.value.message == (
        "The external id is empty; give one such as 'crm-1042'."
    )


def test_patch_changes_only_the_given_fields_and_null_clears(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Álgebra", seats=10, summary="Números")

    patched = records.patch_record(ctx, record.id, {"seats": 12, "summary": None})

    assert patched.values == {"name": "Álgebra", "seats": 12}


# --- batches -----------------------------------------------------------------


@on_every_engine
def test_batch_reports_created_updated_unchanged_and_errors_per_item(
    ctx: Context, course: ObjectType
) -> None:
    make_record(ctx, course, "Old", external_id="b1")
    make_record(ctx, course, "Same", external_id="b2")
    items = [
        records.BatchItem("b1", {"name": "Renamed"}),
        records.BatchItem("b2", {"name": "Same"}),
        records.BatchItem("b3", {"name": "New"}),
        records.BatchItem("b3", {"name": "New again"}),
        records.BatchItem("b4", {"name": "Bad", "seats": "abc"}),
        records.BatchItem("", {"name": "No id"}),
        records.BatchItem("b5", {"name": "Also new"}),
    ]

    results = records.batch_upsert(ctx, course.id, items)

    assert [(r.index, r.status) for r in results] == [
        (0, "updated"),
        (1, "unchanged"),
        (2, "created"),
        (3, "error"),
        (4, "error"),
        (5, "error"),
        (6, "created"),
    ]
    assert results[3].error == (
        "The external id 'b3' appears earlier in this batch, at item 2; send each "
        "record once."
    )
    assert results[4].problems is not None
    assert results[4].problems[0].message == (
        "Field 'Seats' expects a number like 42 or 3.5; got 'abc'."
    )
    assert results[5].error == "The external id is empty; give each record one."
    names = sorted(r.display_name for r in records.list_records(ctx, course.id).records)
    assert names == ["Also new", "New", "Renamed", "Same"]


def test_batch_refuses_more_than_a_thousand_items(
    ctx: Context, course: ObjectType
) -> None:
    items = [records.BatchItem(f"x{i}", {"name": "x"}) for i in range(1_001)]

    with pytest.raises(InvalidInput) as raised:
        records.batch_upsert(ctx, course.id, items)

    assert raised.value.message == (
        "A batch takes at most 1,000 records; got 1,001. Split it."
    )


def test_batch_writes_one_audit_event_naming_every_change(
    ctx: Context, course: ObjectType
) -> None:
    items = [records.BatchItem(f"e{i}", {"name": f"R{i}"}) for i in range(3)]
    records.batch_upsert(ctx, course.id, items)
    records.batch_upsert(
        ctx, course.id, [*items[:1], records.BatchItem("e1", {"name": "Z"})]
    )

    first, second = sorted(
        ctx.store.events.find({"action": "record.batch_upserted"}),
        key=lambda e: e["_id"],
    )

    assert len(first["after"]["created"]) == 3
    assert first["after"]["updated"] == {}
    [(record_id, after)] = second["after"]["updated"].items()
    assert after["display_name"] == "Z"
    assert second["before"][record_id]["display_name"] == "R1"
    assert second["actor"] == ctx.actor


def test_batch_needs_the_custom_object_management_permission(
    ctx: Context, course: ObjectType
) -> None:
    viewer = context_as(
        ctx.store, ctx.account, role=__import__("schemas.users").users.Role.VIEWER
    )

    with pytest.raises(Exception) as raised:
        records.batch_upsert(viewer, course.id, [records.BatchItem("v", {"name": "v"})])

    assert raised.value.message == (  # type: ignore[attr-defined]
        "You need the 'Custom object management' permission to create records. "
        "Ask an administrator."
    )


# --- cursor pages, sorts and filters -------------------------------------------


@on_every_engine
@pytest.mark.parametrize(
    "sort", ["", "seats", "price", "start_date", "online", "level"]
)
@pytest.mark.parametrize("descending", [False, True])
def test_cursor_pages_cover_every_record_once_in_order(
    ctx: Context, course: ObjectType, sort: str, descending: bool
) -> None:
    for i in range(8):
        values: dict[str, object] = {
            "seats": i % 3,
            "level": ["Beginner", "Advanced"][i % 2],
        }
        if i % 4:
            values |= {
                "price": {"amount": f"{i}.50", "currency": "BRL"},
                "start_date": f"2025-0{i + 1}-01",
                "online": i % 2 == 0,
            }
        make_record(ctx, course, f"Course {i}", **values)
    whole, _ = records.find_records(
        ctx, course.id, sort=sort, descending=descending, limit=200
    )

    paged = _all_pages(ctx, course, sort=sort, descending=descending)

    assert paged == [r.display_name for r in whole]
    assert sorted(paged) == [f"Course {i}" for i in range(8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seats:gte:10", ["B", "C"]),
        ("seats:lt:10", ["A"]),
        ("seats:ne:10", ["A", "C"]),
        ("level:in:Beginner,advanced", ["A", "C"]),
        ("level:eq:Intermediate", ["B"]),
        ("price:gt:20.00 BRL", ["C"]),
        ("price:lte:20.00 BRL", ["A"]),
        ("start_date:lt:2025-03-01", ["A"]),
        ("online:eq:yes", ["B"]),
        ("website:is_empty:true", ["B", "C"]),
        ("website:is_empty:false", ["A"]),
        ("summary:contains:NÚM", ["A"]),
        ("topics:contains:Art", ["C"]),
    ],
)
def test_filters_select_the_matching_records(
    ctx: Context, course: ObjectType, text: str, expected: list[str]
) -> None:
    make_record(
        ctx,
        course,
        "A",
        seats=5,
        level="Beginner",
        price={"amount": "10", "currency": "BRL"},
        start_date="2025-01-01",
        website="https://a.example",
        summary="Números",
    )
    make_record(
        ctx,
        course,
        "B",
        seats=10,
        level="Intermediate",
        start_date="2025-05-01",
        online=True,
    )
    make_record(
        ctx,
        course,
        "C",
        seats=20,
        level="Advanced",
        price={"amount": "30", "currency": "BRL"},
        online=False,
        topics=["Art"],
    )

    found, _ = records.find_records(ctx, course.id, filters=[text])

    assert sorted(r.display_name for r in found) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "nope:eq:1",
            "Cannot filter Courses by 'nope': it is not one of their fields; use one of: name, summary, seats, price, start_date, online, level, topics, website.",
        ),
        (
            "seats:bigger:1",
            "The filter 'seats:bigger:1' has no operator 'bigger'; write field:operator:value with an operator among eq, ne, gt, gte, lt, lte, in, contains, is_empty.",
        ),
        (
            "online:gt:yes",
            "Field 'Online' is a yes/no field and cannot be compared with gt; use eq, ne, in or is_empty.",
        ),
        (
            "seats:gt:abc",
            "In the filter on seats: Field 'Seats' expects a number like 42 or 3.5; got 'abc'.",
        ),
        (
            "start_date:eq:2025-02-31",
            "In the filter on start_date: Field 'Start date' expects a date like 2025-03-01; got '2025-02-31'.",
        ),
        (
            "level:eq:Expert",
            "In the filter on level: Field 'Level' has no option 'Expert'; choose one of: Beginner, Intermediate, Advanced.",
        ),
        (
            "website:is_empty:maybe",
            "The filter 'website:is_empty:maybe' takes true or false after is_empty.",
        ),
    ],
)
def test_bad_filters_say_what_is_wrong(
    ctx: Context, course: ObjectType, text: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        records.find_records(ctx, course.id, filters=[text])

    assert raised.value.message == message


def test_a_cursor_from_another_sort_or_made_up_is_refused(
    ctx: Context, course: ObjectType
) -> None:
    for i in range(3):
        make_record(ctx, course, f"R{i}")
    _, cursor = records.find_records(ctx, course.id, limit=1)
    assert cursor is not None

    with pytest.raises(InvalidInput) as other_sort:
        records.find_records(ctx, course.id, sort="seats", cursor=cursor)
    with pytest.raises(InvalidInput) as made_up:
        records.find_records(ctx, course.id, cursor="not-a-cursor")

    assert other_sort.value.problems[0].field == "cursor"
    assert made_up.value.message.startswith("The cursor is not one this API gave")


def test_updated_after_keeps_only_later_changes(
    ctx: Context, course: ObjectType
) -> None:
    old = make_record(ctx, course, "Old")
    cut = datetime.now(UTC)
    ctx.store.records.update_one(
        {"_id": old.id}, {"$set": {"updated_at": cut - timedelta(days=1)}}
    )
    make_record(ctx, course, "New")

    found, _ = records.find_records(
        ctx, course.id, updated_after=cut - timedelta(seconds=5)
    )

    assert [r.display_name for r in found] == ["New"]


# --- idempotent associations ---------------------------------------------------


def test_linking_the_same_pair_again_returns_the_link_and_updates_its_label(
    ctx: Context, course: ObjectType
) -> None:
    record = make_record(ctx, course, "Álgebra")
    ana = make_contact(ctx, "Ana")

    first, created = associations.link(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=ana.id,
        label="student",
    )
    same, created_again = associations.link(
        ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=ana.id
    )
    relabelled, _ = associations.link(
        ctx,
        record_id=record.id,
        kind=TargetKind.CONTACT,
        target_id=ana.id,
        label="guardian",
    )

    assert (created, created_again) == (True, False)
    assert same.id == first.id and same.label == "student"
    assert relabelled.id == first.id and relabelled.label == "guardian"
    assert ctx.store.associations.count_documents({}) == 1


# --- concurrency on the embedded engine ----------------------------------------


def _together(threads: int, work: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(threads)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:
            failures.append(exc)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return failures


@pytest.mark.embedded
def test_eight_threads_upserting_the_same_200_ids_leave_exactly_200_records(
    tmp_path: Path,
) -> None:
    store = start(Settings(data_dir=tmp_path / "data"), seed=False)
    ctx = context_as(store, make_account(store, "demo"))
    course = make_object_type(ctx, "Course", every_format=False)
    contacts = [make_contact(ctx, f"C{i}") for i in range(20)]
    items = [records.BatchItem(f"id-{i}", {"name": f"R{i}"}) for i in range(200)]

    def work(index: int) -> None:
        records.batch_upsert(ctx, course.id, items)
        for i in range(0, 200, 20):
            records.upsert_record(ctx, course.id, f"id-{i}", {"name": f"T{index}"})
        found = records.get_record_by_external_id(ctx, course.id, "id-0")
        for contact in contacts:
            associations.link(
                ctx,
                record_id=found.id,
                kind=TargetKind.CONTACT,
                target_id=contact.id,
                label=f"t{index}",
            )

    failures = _together(8, work)

    assert failures == []
    assert store.records.count_documents({"type_id": course.id}) == 200
    assert (
        len({d["external_id"] for d in store.records.find({"type_id": course.id})})
        == 200
    )
    assert store.associations.count_documents({}) == 20
    store.close()


def test_a_conflict_other_than_a_duplicate_still_raises(
    ctx: Context, course: ObjectType
) -> None:
    from services import object_types

    object_types.archive_object_type(ctx, course.id)

    with pytest.raises(Conflict):
        records.upsert_record(ctx, course.id, "x", {"name": "x"})
