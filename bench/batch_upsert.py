"""Batch-upsert throughput through the API, beside the raw bulk upsert rate.

For each engine (the embedded litemongo store and mongomock-ng), it sends
batches of 1,000 records to POST /v1/objects/course/records/batch with a write
API key (validated by the type's runtime model, through FastAPI's TestClient),
first creating every record and then changing every one; then it upserts the
same stored documents with one raw `bulk_write` of `UpdateOne(upsert=True)` per
batch, on a fresh store of the same engine.

    python bench/batch_upsert.py [--records 10000] [--engines embedded,memory]

Targets (issue #4): the API rate at least half the raw rate, and at least 1,500
records per second on the embedded engine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pymongo import UpdateOne

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from api.app import create_api
from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.api_keys import Scope
from schemas.object_types import FieldFormat, FieldInput
from schemas.records import validate_values
from services import api_keys, object_types, runtime
from services.context import Context
from store import accounts
from store.engine import Store, new_id
from store.indexes import ensure_indexes

BATCH = 1_000
FIELDS = [
    FieldInput(label="Code", format=FieldFormat.TEXT),
    FieldInput(label="Seats", format=FieldFormat.NUMBER),
    FieldInput(label="Monthly fee", format=FieldFormat.CURRENCY),
    FieldInput(label="Start date", format=FieldFormat.DATE),
    FieldInput(label="Evening", format=FieldFormat.YES_NO),
    FieldInput(label="Level", format=FieldFormat.LIST, options=["Básico", "Avançado"]),
    FieldInput(label="Syllabus", format=FieldFormat.LINK),
]


@contextmanager
def open_store(engine: str) -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as data_dir:
        store = (
            Store.embedded(Path(data_dir)) if engine == "embedded" else Store.memory()
        )
        ensure_indexes(store)
        try:
            yield store
        finally:
            store.close()


def prepare(store: Store) -> tuple[Context, str]:
    """The account, its Course type and a write API key."""
    account = Account(
        id=new_id(), slug="bench", name="Bench", modules={CUSTOM_OBJECTS: True}
    )
    accounts.insert(store, account)
    ctx = Context.system(store, account, "bench")
    course = object_types.create_object_type(ctx, name="Course")
    for spec in FIELDS:
        course = object_types.add_field(ctx, course.id, spec)
    _, key = api_keys.create_api_key(ctx, name="bench", scope=Scope.WRITE)
    return ctx, key


def items(count: int, round_: int) -> list[dict[str, Any]]:
    return [
        {
            "external_id": f"sis-{n}",
            "values": {
                "name": f"Curso {n} · turma {round_}",
                "code": f"C{n:05d}",
                "seats": 10 + (n + round_) % 30,
                "monthly_fee": {
                    "amount": f"{300 + n % 200}.{round_:02d}",
                    "currency": "BRL",
                },
                "start_date": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "evening": n % 2 == round_ % 2,
                "level": ["Básico", "Avançado"][n % 2],
                "syllabus": f"https://escola.example.com/cursos/{n}",
            },
        }
        for n in range(count)
    ]


def through_api(engine: str, count: int) -> tuple[float, float]:
    """Records per second creating, then updating, every record via the API."""
    rates = []
    with open_store(engine) as store:
        _, key = prepare(store)
        runtime.use_store(store)
        client = TestClient(create_api(), headers={"Authorization": f"Bearer {key}"})
        for round_ in (1, 2):
            payload = items(count, round_)
            started = time.perf_counter()
            for start in range(0, count, BATCH):
                response = client.post(
                    "/v1/objects/course/records/batch",
                    json={"records": payload[start : start + BATCH]},
                )
                statuses = {r["status"] for r in response.json()["results"]}
                assert response.status_code == 200 and "error" not in statuses, statuses
            rates.append(count / (time.perf_counter() - started))
        client.close()
        runtime.use_store(None)
    return rates[0], rates[1]


def raw(engine: str, count: int) -> tuple[float, float]:
    """Records per second of bulk_write UpdateOne(upsert) on the same documents."""
    rates = []
    with open_store(engine) as store:
        ctx, _ = prepare(store)
        course = object_types.get_object_type(ctx, "course")
        for round_ in (1, 2):
            documents = []
            for item in items(count, round_):
                values = validate_values(course, item["values"])
                assert isinstance(values, dict)
                documents.append((item["external_id"], values))
            started = time.perf_counter()
            for start in range(0, count, BATCH):
                store.records.bulk_write(
                    [
                        UpdateOne(
                            {
                                "account_id": ctx.account_id,
                                "type_id": course.id,
                                "external_id": external_id,
                            },
                            {
                                "$set": {
                                    "values": values,
                                    "display_name": values["name"],
                                }
                            },
                            upsert=True,
                        )
                        for external_id, values in documents[start : start + BATCH]
                    ],
                    ordered=False,
                )
            rates.append(count / (time.perf_counter() - started))
    return rates[0], rates[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--engines", default="embedded,memory")
    options = parser.parse_args()

    print(f"{options.records:,} records in batches of {BATCH:,}; records per second")
    print(f"{'engine':<10} {'pass':<7} {'API':>8} {'raw':>8} {'API/raw':>8}")
    for engine in options.engines.split(","):
        api_rates = through_api(engine, options.records)
        raw_rates = raw(engine, options.records)
        for name, api_rate, raw_rate in zip(
            ("create", "update"), api_rates, raw_rates, strict=True
        ):
            print(
                f"{engine:<10} {name:<7} {api_rate:>8,.0f} {raw_rate:>8,.0f} "
                f"{api_rate / raw_rate:>8.2f}"
            )


if __name__ == "__main__":
    main()
