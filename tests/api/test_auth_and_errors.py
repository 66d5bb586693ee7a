"""Keys, scopes, rate limits and the one error shape, across every route of the
API: no key, a wrong or revoked key, a read-only key writing, the module off,
bad input that FastAPI refuses, routes that do not exist, and the unexpected."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Mount

from api.app import create_api
from schemas.accounts import Account
from schemas.api_keys import Scope
from services import api_keys
from services import object_types as object_types_service
from services.context import Context
from store.engine import COLLECTIONS, Store
from tests.api.conftest import MODULE_OFF, READ_ONLY, Client, error_of, new_key
from tests.factories import make_contact

NO_KEY = (
    "This request has no API key; send one in the header 'Authorization: Bearer "
    "<key>'. An administrator creates keys in Settings → API keys."
)
UNKNOWN = (
    "This API key is not valid; check that it was copied whole, or create a new "
    "one in Settings → API keys."
)
READS = {"GET", "HEAD", "OPTIONS"}


def _routes() -> list[tuple[str, str]]:
    """Every (method, URL) of the API, path parameters filled with 'missing'."""
    paths = create_api().openapi()["paths"]
    return sorted(
        (method.upper(), re.sub(r"\{[^}]+\}", "missing", path))
        for path, operations in paths.items()
        if path != "/v1/health"
        for method in operations
    )


ROUTES = _routes()
WRITES = [(method, url) for method, url in ROUTES if method not in READS]
GETS = [(method, url) for method, url in ROUTES if method in READS]


def _ids(routes: list[tuple[str, str]]) -> list[str]:
    return [f"{method} {url}" for method, url in routes]


def _everything_but_keys(store: Store) -> dict[str, list[dict[str, object]]]:
    return {
        name: sorted(getattr(store, name).find({}), key=lambda d: d["_id"])
        for name in COLLECTIONS
        if name != "api_keys"
    }


def test_the_route_table_covers_the_api() -> None:
    assert len(ROUTES) >= 20
    assert ("PUT", "/v1/contacts/by-external-id/missing") in WRITES
    assert ("DELETE", "/v1/object-types/missing/fields/missing") in WRITES


# --- keys ---------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), ROUTES, ids=_ids(ROUTES))
def test_every_route_refuses_a_request_without_a_key(
    anonymous: TestClient, method: str, url: str
) -> None:
    response = anonymous.request(method, url, json={})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert error_of(response) == {
        "code": "unauthorized",
        "message": NO_KEY,
        "details": [],
    }


@pytest.mark.parametrize(("method", "url"), ROUTES, ids=_ids(ROUTES))
def test_every_route_refuses_an_unknown_key(
    client: Client, method: str, url: str
) -> None:
    response = client("co_" + "x" * 43).request(method, url, json={})

    assert response.status_code == 401
    assert error_of(response)["message"] == UNKNOWN


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "Basic dXNlcjpwYXNz",
            "The Authorization header must read 'Bearer <key>', with the API key "
            "after 'Bearer '; got 'Basic…'.",
        ),
        (
            "Bearer",
            "The Authorization header must read 'Bearer <key>', with the API key "
            "after 'Bearer '; got 'Bearer…'.",
        ),
        (
            "co_abc",
            "The Authorization header must read 'Bearer <key>', with the API key "
            "after 'Bearer '; got 'co_abc…'.",
        ),
        ("Bearer co_abc", UNKNOWN),
        ("bearer   co_abc  ", UNKNOWN),
    ],
)
def test_a_malformed_authorization_header_says_how_to_write_it(
    anonymous: TestClient, header: str, message: str
) -> None:
    response = anonymous.get("/v1/contacts", headers={"Authorization": header})

    assert response.status_code == 401
    assert error_of(response)["message"] == message


def test_a_revoked_key_is_refused(
    client: Client, store: Store, account: Account, ctx: Context
) -> None:
    secret = new_key(store, account, Scope.WRITE, name="Old sync")
    [key] = [k for k in api_keys.list_api_keys(ctx) if k.name == "Old sync"]
    revoked = api_keys.revoke_api_key(ctx, key.id)

    response = client(secret).get("/v1/contacts")

    assert response.status_code == 401
    assert error_of(response)["message"] == (
        f"This API key ('Old sync') was revoked on {revoked.revoked_at:%Y-%m-%d}; "
        "create a new one in Settings → API keys."
    )


@pytest.mark.parametrize(("method", "url"), WRITES, ids=_ids(WRITES))
def test_every_write_route_refuses_a_read_only_key_and_writes_nothing(
    reader: TestClient, store: Store, method: str, url: str
) -> None:
    before = _everything_but_keys(store)

    response = reader.request(method, url, json={})

    assert response.status_code == 403
    assert error_of(response) == {
        "code": "permission_denied",
        "message": READ_ONLY,
        "details": [],
    }
    assert _everything_but_keys(store) == before


@pytest.mark.parametrize(("method", "url"), GETS, ids=_ids(GETS))
def test_every_read_route_serves_a_read_only_key(
    reader: TestClient, method: str, url: str
) -> None:
    response = reader.request(method, url)

    assert response.status_code in {200, 404}, response.text


def test_the_last_use_of_a_key_is_recorded(writer: TestClient, ctx: Context) -> None:
    writer.get("/v1/contacts")

    [key] = api_keys.list_api_keys(ctx)
    assert key.last_used_at is not None


# --- module switch ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/v1/object-types", None),
        ("POST", "/v1/object-types", {"name": "Course"}),
        ("GET", "/v1/object-types/course", None),
        ("POST", "/v1/object-types/course/fields", {"label": "Seats"}),
    ],
)
def test_with_the_module_off_the_api_says_so_in_the_ui_words(
    writer: TestClient,
    store: Store,
    account: Account,
    method: str,
    url: str,
    body: object,
) -> None:
    store.accounts.update_one(
        {"_id": account.id}, {"$set": {"modules.custom_objects": False}}
    )

    response = writer.request(method, url, json=body)

    assert response.status_code == 403
    assert error_of(response) == {
        "code": "module_disabled",
        "message": MODULE_OFF,
        "details": [],
    }


def test_contacts_and_deals_work_with_the_module_off(
    writer: TestClient, store: Store, account: Account, ctx: Context
) -> None:
    store.accounts.update_one(
        {"_id": account.id}, {"$set": {"modules.custom_objects": False}}
    )
    make_contact(ctx)

    listed = writer.get("/v1/contacts")
    created = writer.post("/v1/deals", json={"name": "Contract", "stage": "Won"})

    assert (listed.status_code, len(listed.json()["data"])) == (200, 1)
    assert created.status_code == 201


# --- rate limit ---------------------------------------------------------------


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(
    client: Client, store: Store, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("API_RATE_LIMIT", "2/minute")
    busy = client(new_key(store, account, Scope.READ, name="Busy"))
    calm = client(new_key(store, account, Scope.READ, name="Calm"))

    statuses = [busy.get("/v1/contacts").status_code for _ in range(2)]
    refused = busy.get("/v1/contacts")

    assert statuses == [200, 200]
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60
    assert error_of(refused) == {
        "code": "rate_limited",
        "message": f"This API key is limited to 2 requests per minute; wait {wait} "
        "seconds and try again.",
        "details": [],
    }
    assert calm.get("/v1/contacts").status_code == 200


def test_the_rate_limit_setting_must_be_a_rate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("API_RATE_LIMIT", "lots")

    with pytest.raises(ValueError) as raised:
        create_api()

    assert str(raised.value) == (
        "API_RATE_LIMIT is 'lots', which is not a rate; write one such as "
        "600/minute or 10/second."
    )


# --- bad input refused before any service -----------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body", "details"),
    [
        (
            "POST",
            "/v1/object-types",
            {},
            [("name", "Field 'name' is required; send it.")],
        ),
        (
            "POST",
            "/v1/object-types",
            {"name": 5},
            [("name", "Field 'name' expects text; got '5'.")],
        ),
        (
            "POST",
            "/v1/object-types",
            {"name": "Course", "plurals": "Courses"},
            [
                (
                    "plurals",
                    "Field 'plurals' is not one this request takes; remove it or "
                    "check its spelling.",
                )
            ],
        ),
        (
            "POST",
            "/v1/object-types",
            ["Course"],
            [("", "The request body expects a JSON object; got '[\"Course\"]'.")],
        ),
        (
            "POST",
            "/v1/object-types/course/fields",
            {"label": "Seats", "format": "integer"},
            [
                (
                    "format",
                    "Field 'format' expects one of 'text', 'number', 'currency', "
                    "'date', 'yes_no', 'list' or 'link'; got 'integer'.",
                )
            ],
        ),
        (
            "POST",
            "/v1/object-types/course/fields",
            {"label": "Topics", "format": "list", "options": "Maths"},
            [
                (
                    "options",
                    "Field 'options' expects a list, like [\"a\", \"b\"]; got 'Maths'.",
                )
            ],
        ),
        (
            "PATCH",
            "/v1/object-types/course",
            {"archived": "maybe"},
            [("archived", "Field 'archived' expects true or false; got 'maybe'.")],
        ),
        (
            "GET",
            "/v1/contacts?limit=500",
            None,
            [("limit", "Query parameter 'limit' must be at most 200; got '500'.")],
        ),
        (
            "GET",
            "/v1/deals?limit=0",
            None,
            [("limit", "Query parameter 'limit' must be at least 1; got '0'.")],
        ),
        (
            "GET",
            "/v1/contacts?limit=ten",
            None,
            [
                (
                    "limit",
                    "Query parameter 'limit' expects a whole number like 50; got "
                    "'ten'.",
                )
            ],
        ),
        (
            "POST",
            "/v1/deals",
            {"name": "Contract", "stage": "Won", "close_date": "31/12/2025"},
            [
                (
                    "close_date",
                    "Field 'close_date' expects a date like 2025-03-01; got "
                    "'31/12/2025'.",
                )
            ],
        ),
        (
            "POST",
            "/v1/deals",
            {"name": "Contract", "stage": "Won", "amount": {"amount": "1"}},
            [("amount.currency", "Field 'amount.currency' is required; send it.")],
        ),
        (
            "POST",
            "/v1/contacts",
            {"last_name": "Silva", "tags": [1]},
            [
                ("first_name", "Field 'first_name' is required; send it."),
                ("tags.0", "Field 'tags.0' expects text; got '1'."),
            ],
        ),
    ],
)
def test_bad_input_is_422_naming_each_field(
    writer: TestClient,
    method: str,
    url: str,
    body: object,
    details: list[tuple[str, str]],
) -> None:
    response = writer.request(method, url, json=body)

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid"
    assert [(d["field"], d["message"]) for d in error["details"]] == details
    assert error["message"] == " ".join(message for _, message in details)


def test_a_body_that_is_not_valid_json_is_400(writer: TestClient) -> None:
    response = writer.post(
        "/v1/object-types",
        content=b'{"name": "Course",}',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert error_of(response) == {
        "code": "bad_request",
        "message": "The request body is not valid JSON (Expecting property name "
        "enclosed in double quotes); check its quotes, commas and brackets.",
        "details": [],
    }


def test_a_body_sent_as_something_else_than_json_is_400(writer: TestClient) -> None:
    response = writer.post(
        "/v1/object-types",
        content=b"name=Course",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 400
    assert error_of(response)["message"] == (
        "The request body is not JSON; send a JSON object with the header "
        "'Content-Type: application/json'."
    )


# --- routes that do not exist, and the unexpected ---------------------------


def test_an_unknown_route_is_404_in_the_one_shape(writer: TestClient) -> None:
    response = writer.get("/v1/companies")

    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": "There is no /v1/companies in this API; the routes are listed "
        "at /api/v1/docs.",
        "details": [],
    }


def test_a_method_a_route_does_not_take_is_405_in_the_one_shape(
    writer: TestClient,
) -> None:
    response = writer.delete("/v1/contacts")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert error_of(response)["message"] == (
        "/v1/contacts does not take DELETE; the methods of each route are listed "
        "at /api/v1/docs."
    )


def test_an_unexpected_error_is_logged_and_answered_500_in_the_one_shape(
    client: Client,
    store: Store,
    account: Account,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(object_types_service, "list_object_types", broken)
    api = client(new_key(store, account, Scope.READ), raise_server_exceptions=False)

    with caplog.at_level(logging.ERROR, logger="api.app"):
        response = api.get("/v1/object-types")

    assert response.status_code == 500
    error = error_of(response)
    reference = re.fullmatch(
        r"Something went wrong on our side \(reference ([0-9a-f]{12})\); try "
        r"again, and if it goes on, report the reference\.",
        error["message"],
    )
    assert reference is not None
    assert (error["code"], error["details"]) == ("internal_error", [])
    [logged] = caplog.records
    assert logged.getMessage() == f"Unexpected error (reference {reference[1]})"
    assert "the disk is on fire" in caplog.text


# --- the OpenAPI document -----------------------------------------------------


def test_openapi_and_docs_work_when_mounted_under_api(client: Client) -> None:
    client()  # puts the test store in place
    server = TestClient(Starlette(routes=[Mount("/api", app=create_api())]))

    spec = server.get("/api/v1/openapi.json")
    docs = server.get("/api/v1/docs")

    assert spec.status_code == 200
    assert "/v1/object-types/{type_key}/fields/{field_key}" in spec.json()["paths"]
    assert docs.status_code == 200
    assert "/api/v1/openapi.json" in docs.text
    server.close()


def test_openapi_documents_the_key_and_the_error_shape() -> None:
    spec = TestClient(create_api()).get("/v1/openapi.json").json()

    schemes = spec["components"]["securitySchemes"]
    operations = [
        operation
        for path, methods in spec["paths"].items()
        if path != "/v1/health"
        for operation in methods.values()
    ]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for operation in operations:
        for status in ("401", "403", "404", "422", "429"):
            content = operation["responses"][status]["content"]
            assert content["application/json"]["schema"] == error
    assert "HTTPValidationError" not in spec["components"]["schemas"]
