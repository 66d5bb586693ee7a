"""The key service journeys on every engine, and the embedded store surviving a
restart (close, reopen the same data directory, everything still there)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from schemas.crm import TargetKind
from schemas.object_types import FieldFormat, FieldInput
from services import associations, object_types, records
from services.context import Context, open_context
from services.errors import Conflict
from store import crm, events
from store.engine import Store
from store.indexes import ensure_indexes
from tests.factories import (
    make_contact,
    make_context,
    make_deal,
    make_object_type,
    make_record,
    on_every_engine,
)


@on_every_engine
def test_create_type_with_every_format(ctx: Context) -> None:
    course = make_object_type(ctx, "Matrícula 🎓")

    stored = object_types.get_object_type(ctx, "matricula")

    assert stored.name == "Matrícula 🎓"
    assert [f.key for f in stored.fields] == [f.key for f in course.fields]
    assert stored.version == course.version


@on_every_engine
def test_records_validate_search_sort_and_page(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    for name, amount in [("Álgebra", "10"), ("algebra II", "9.99"), ("Zoo", "100")]:
        make_record(ctx, course, name, price={"amount": amount, "currency": "BRL"})
    make_record(ctx, course, "Tagged", external_id="SIS-1")

    found = records.list_records(ctx, course.id, search="ALGE", sort="price")
    first = records.list_records(ctx, course.id, page=1, page_size=2)
    second = records.list_records(ctx, course.id, page=2, page_size=2)

    assert [r.display_name for r in found.records] == ["algebra II", "Álgebra"]
    assert [r.display_name for r in first.records + second.records] == [
        "Álgebra",
        "algebra II",
        "Tagged",
        "Zoo",
    ]
    assert (first.total, second.total) == (4, 4)
    with pytest.raises(Conflict):
        make_record(ctx, course, "Again", external_id="SIS-1")


@on_every_engine
def test_associate_and_group(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    student = make_object_type(ctx, "Student", every_format=False)
    contact = make_contact(ctx)
    for object_type, name in [(course, "Algebra"), (student, "Ana"), (course, "Art")]:
        record = make_record(ctx, object_type, name)
        associations.associate(
            ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
        )

    groups = associations.grouped_records(ctx, TargetKind.CONTACT, contact.id)

    assert [(g.object_type.name, len(g.items)) for g in groups] == [
        ("Course", 2),
        ("Student", 1),
    ]
    with pytest.raises(Conflict):
        associations.associate(
            ctx,
            record_id=groups[1].items[0].record.id,
            kind=TargetKind.CONTACT,
            target_id=contact.id,
        )


@on_every_engine
def test_primary_change_rewrites_display_names(ctx: Context) -> None:
    course = make_object_type(ctx, "Course")
    record = make_record(ctx, course, "Algebra", seats=30)

    object_types.set_primary_field(ctx, course.id, "seats")

    assert records.get_record(ctx, record.id).display_name == "30"


@on_every_engine
def test_delete_record_removes_its_links(ctx: Context) -> None:
    course = make_object_type(ctx, "Course", every_format=False)
    record = make_record(ctx, course, "Algebra")
    deal = make_deal(ctx)
    associations.associate(
        ctx, record_id=record.id, kind=TargetKind.DEAL, target_id=deal.id
    )

    removed = records.delete_record(ctx, record.id)

    assert removed == 1
    assert associations.grouped_records(ctx, TargetKind.DEAL, deal.id) == []


def _reopen(data_dir: Path) -> Store:
    store = Store.embedded(data_dir)
    ensure_indexes(store)
    return store


@pytest.mark.embedded
def test_everything_survives_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = _reopen(data_dir)
    ctx = make_context(store, "demo")
    course = make_object_type(ctx, "Curso 📘")
    course = object_types.update_field(
        ctx, course.id, "level", label="Nível", options=["Básico", "Avançado", "Pro"]
    )
    record = make_record(
        ctx,
        course,
        "Álgebra",
        external_id="SIS-1",
        price={"amount": "1234.56", "currency": "BRL"},
        start_date="2025-03-01",
        level="Pro",
        topics=["Maths", "Art"],
    )
    contact, deal = make_contact(ctx, "Ana"), make_deal(ctx)
    for kind, target_id in [
        (TargetKind.CONTACT, contact.id),
        (TargetKind.DEAL, deal.id),
    ]:
        associations.associate(
            ctx, record_id=record.id, kind=kind, target_id=target_id, label="aluna"
        )
    written_events = len(events.recent(store, ctx.account_id, limit=1000))
    store.close()

    with closing(_reopen(data_dir)) as store:
        ctx = open_context(store, "demo")
        reopened = object_types.get_object_type(ctx, course.id)
        again = records.get_record(ctx, record.id)
        groups = associations.grouped_records(ctx, TargetKind.DEAL, deal.id)
        stored_events = len(events.recent(store, ctx.account_id, limit=1000))
        found_contact = crm.get(store, ctx.account_id, TargetKind.CONTACT, contact.id)
        with pytest.raises(Conflict):
            make_record(ctx, reopened, "Other", external_id="SIS-1")
        with pytest.raises(Conflict):
            associations.associate(
                ctx, record_id=record.id, kind=TargetKind.CONTACT, target_id=contact.id
            )

    assert reopened.model_dump(exclude={"created_at", "updated_at"}) == (
        course.model_dump(exclude={"created_at", "updated_at"})
    )
    assert again.values == record.values
    assert again.values["price"] == {"amount_minor": 123456, "currency": "BRL"}
    assert [item.record.display_name for g in groups for item in g.items] == ["Álgebra"]
    assert groups[0].items[0].association.label == "aluna"
    assert found_contact is not None and found_contact.name == "Ana Silva"
    assert stored_events == written_events


@pytest.mark.embedded
def test_a_new_field_after_restart_validates_with_the_new_version(
    tmp_path: Path,
) -> None:
    with closing(_reopen(tmp_path / "data")) as store:
        ctx = make_context(store, "demo")
        course = make_object_type(ctx, "Course", every_format=False)
        make_record(ctx, course, "Algebra")

    with closing(_reopen(tmp_path / "data")) as store:
        ctx = open_context(store, "demo")
        object_types.add_field(
            ctx, course.id, FieldInput(label="Seats", format=FieldFormat.NUMBER)
        )
        record = make_record(ctx, course, "Geometry", seats="12")
        total = records.list_records(ctx, course.id).total

    assert record.values == {"name": "Geometry", "seats": 12}
    assert total == 2
