"""API fixtures: TestClients over create_api() on the in-memory store of the root
conftest, each sending an API key: a write key and a read key of the account
"demo" (Custom Objects on), a write key of another account, and none."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from schemas.accounts import Account
from schemas.api_keys import Scope
from services import api_keys, runtime
from services.context import Context
from store.engine import Store
from tests.factories import make_account

MODULE_OFF = (
    "Custom Objects is not enabled for this account. Ask an administrator to "
    "enable it in Settings → Modules."
)
READ_ONLY = (
    "This API key is read-only; create a key with the write scope in Settings → "
    "API keys."
)

Client = Callable[..., TestClient]


def new_key(store: Store, account: Account, scope: Scope, name: str = "Tests") -> str:
    _, secret = api_keys.create_api_key(
        Context.system(store, account), name=name, scope=scope
    )
    return secret


@pytest.fixture
def client(
    store: Store, account: Account, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Client]:
    """Builds a TestClient sending `key` (none when empty) on the test's store;
    the app is built when called, so a test can set API_RATE_LIMIT first."""
    monkeypatch.delenv("API_RATE_LIMIT", raising=False)
    runtime.use_store(store)
    clients: list[TestClient] = []

    def build(key: str = "", **options: Any) -> TestClient:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        built = TestClient(create_api(), headers=headers, **options)
        clients.append(built)
        return built

    yield build
    for built in clients:
        built.close()
    runtime.use_store(None)


@pytest.fixture
def crowd(
    store: Store, account: Account, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[TestClient]]:
    """Eight TestClients of one write key over one app, as integrations calling
    one server at once, its rate limit lifted; each keeps its event loop open.

    One app, not one each: FastAPI prepares a route's parameters on its first
    request, guarded per app, and apps built apart share the routers' parameter
    objects, so preparing them in several apps at once races."""
    monkeypatch.setenv("API_RATE_LIMIT", "100000/minute")
    runtime.use_store(store)
    app = create_api()
    headers = {"Authorization": f"Bearer {new_key(store, account, Scope.WRITE)}"}
    with ExitStack() as stack:
        yield [stack.enter_context(TestClient(app, headers=headers)) for _ in range(8)]
    runtime.use_store(None)


@pytest.fixture
def other_account(store: Store) -> Account:
    return make_account(store, "other")


@pytest.fixture
def writer(client: Client, store: Store, account: Account) -> TestClient:
    return client(new_key(store, account, Scope.WRITE))


@pytest.fixture
def reader(client: Client, store: Store, account: Account) -> TestClient:
    return client(new_key(store, account, Scope.READ))


@pytest.fixture
def outsider(client: Client, store: Store, other_account: Account) -> TestClient:
    """A write key of another account, which has Custom Objects on too."""
    return client(new_key(store, other_account, Scope.WRITE))


@pytest.fixture
def anonymous(client: Client) -> TestClient:
    return client()


def error_of(response: Any) -> dict[str, Any]:
    """The error body of a response, checked to have the one shape."""
    body = response.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"code", "message", "details"}
    return dict(body["error"])
