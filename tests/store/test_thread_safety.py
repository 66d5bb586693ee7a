"""The embedded store under many threads at once, reached the way the app reaches
it (services.runtime.start): nothing lost, no thread fails, and the unique
indexes hold under contention."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from services import associations, records
from services.context import Context, open_context
from services.errors import Conflict
from services.runtime import start
from store.engine import Settings, Store
from tests.factories import make_account, make_contact, make_deal, make_object_type

THREADS = 8
RECORDS_EACH = 25

pytestmark = pytest.mark.embedded


@pytest.fixture
def app_store(tmp_path: Path) -> Iterator[Store]:
    store = start(Settings(data_dir=tmp_path / "data"), seed=False)
    yield store
    store.close()


@pytest.fixture
def app_ctx(app_store: Store) -> Context:
    make_account(app_store, "demo")
    return open_context(app_store, "demo", actor="tester")


def _run_together(work: Callable[[int], None]) -> list[BaseException]:
    """Run work(0..THREADS-1) on as many threads released at once; the failures."""
    barrier = threading.Barrier(THREADS)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_writes_from_eight_threads_are_all_kept(app_ctx: Context) -> None:
    course: ObjectType = make_object_type(app_ctx, "Course")
    contacts = [make_contact(app_ctx, f"Student {i}") for i in range(THREADS)]
    deal = make_deal(app_ctx)

    def work(index: int) -> None:
        for n in range(RECORDS_EACH):
            record = records.create_record(
                app_ctx,
                course.id,
                {
                    "name": f"T{index}-{n}",
                    "price": {"amount": "1.50", "currency": "BRL"},
                },
                external_id=f"T{index}-{n}",
            )
            for kind, target_id in [
                (TargetKind.CONTACT, contacts[index].id),
                (TargetKind.DEAL, deal.id),
            ]:
                associations.associate(
                    app_ctx, record_id=record.id, kind=kind, target_id=target_id
                )

    failures = _run_together(work)

    assert failures == []
    listed = records.list_records(app_ctx, course.id, page_size=200)
    assert listed.total == THREADS * RECORDS_EACH
    assert len({record.display_name for record in listed.records}) == listed.total
    [deal_group] = associations.grouped_records(app_ctx, TargetKind.DEAL, deal.id)
    assert len(deal_group.items) == THREADS * RECORDS_EACH
    per_contact = [
        sum(
            len(group.items)
            for group in associations.grouped_records(
                app_ctx, TargetKind.CONTACT, contact.id
            )
        )
        for contact in contacts
    ]
    assert per_contact == [RECORDS_EACH] * THREADS


def test_racing_threads_link_a_pair_only_once(app_ctx: Context) -> None:
    course = make_object_type(app_ctx, "Course", every_format=False)
    record = records.create_record(app_ctx, course.id, {"name": "Algebra"})
    contact = make_contact(app_ctx)
    wins: list[int] = []

    def work(index: int) -> None:
        try:
            associations.associate(
                app_ctx,
                record_id=record.id,
                kind=TargetKind.CONTACT,
                target_id=contact.id,
                label=f"thread {index}",
            )
        except Conflict:
            return
        wins.append(index)

    failures = _run_together(work)

    assert failures == []
    assert len(wins) == 1
    [group] = associations.grouped_records(app_ctx, TargetKind.CONTACT, contact.id)
    assert [item.association.label for item in group.items] == [f"thread {wins[0]}"]


def test_racing_threads_claim_an_external_id_only_once(app_ctx: Context) -> None:
    course = make_object_type(app_ctx, "Course", every_format=False)
    wins: list[int] = []

    def work(index: int) -> None:
        try:
            records.create_record(
                app_ctx, course.id, {"name": f"T{index}"}, external_id="SIS-1"
            )
        except Conflict:
            return
        wins.append(index)

    failures = _run_together(work)

    assert failures == []
    assert len(wins) == 1
    assert records.list_records(app_ctx, course.id).total == 1
