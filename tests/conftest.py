"""Root fixtures: a store (in memory unless a test asks for the embedded engine),
the account "demo" with Custom Objects on, its context, and a second account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas.accounts import Account
from services.context import Context
from store.engine import Store
from store.indexes import ensure_indexes
from tests.factories import context_as, make_account


def open_store(engine: str, data_dir: Path) -> Store:
    store = Store.embedded(data_dir) if engine == "embedded" else Store.memory()
    ensure_indexes(store)
    return store


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Store.memory(), indexed; the embedded engine under tmp_path when a test
    is parametrized indirectly with "embedded" (`factories.on_every_engine`)."""
    store = open_store(getattr(request, "param", "memory"), tmp_path / "data")
    yield store
    store.close()


@pytest.fixture
def account(store: Store) -> Account:
    return make_account(store, "demo")


@pytest.fixture
def ctx(store: Store, account: Account) -> Context:
    return context_as(store, account)


@pytest.fixture
def other_ctx(store: Store) -> Context:
    return context_as(store, make_account(store, "other"))
