"""The API against its own OpenAPI document, with schemathesis: requests drawn
from the spec, valid and deliberately invalid, never get a 5xx, and every answer
is one the spec documents (its status code, content type, headers and schema).

The store is the demo account's, in memory. Requests on records name its Course
type; other path parameters are now and then real keys and ids of it; record
values and list filters are drawn from Course's fields with values that trip
parsers; so that requests get past "not found" into the services. Examples are
few and derandomized: the same requests on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_api
from api.deps import RateLimit
from schemas.api_keys import Scope
from schemas.object_types import FieldFormat, derive_key
from services import records, runtime
from services.demo import DEMO_SLUG, seed_demo
from services.demo_data import OBJECT_TYPES
from store import accounts
from store.engine import Store
from store.indexes import ensure_indexes
from tests.api.conftest import new_key

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

app = create_api()
# Several hundred requests of one key: the limit is tested elsewhere.
app.state.rate_limit = RateLimit("100000/minute")
# Given whole, so that no schemathesis.toml changes what runs. Requests keep the
# test's key: the "no key" and "wrong key" cases are in test_auth_and_errors.
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"with-security-parameters": False, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        # Records of the demo's Course type in every phase, so that bodies and
        # queries get past "no such type" to the type's fields.
        "operations": [
            {
                "include-path-regex": "^/v1/objects/",
                "parameters": {"path.type_key": "course"},
            }
        ],
    }
)
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app, config=CONFIG)

# Real keys and ids of the demo account, filled in by the `demo` fixture.
KNOWN: dict[str, list[str]] = {}


def _known(name: str) -> st.SearchStrategy[str]:
    # Picked when drawn: schemathesis builds (and even draws from) strategies
    # while collecting, before the fixture has seeded the store.
    def pick(index: int) -> str:
        values = KNOWN.get(name) or ["unknown"]
        return values[index % len(values)]

    return st.integers(min_value=0, max_value=63).map(pick)


# Values that trip parsers: huge and tiny exponents, dates that do not exist,
# words for yes and no, text where a list or an object belongs, and the reverse.
TRICKY = st.sampled_from(
    [
        "12.50",
        "1e999999999",
        "-1e-999999999",
        "NaN",
        "Infinity",
        "2025-02-30",
        "0001-01-01",
        "sim",
        "https://example.com",
        "",
        " ",
        "\x00",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
ANY = TRICKY | SCALARS | st.lists(TRICKY | SCALARS, max_size=3)
MONEY = st.fixed_dictionaries(
    {"amount": TRICKY | SCALARS},
    optional={"currency": st.sampled_from(["BRL", "jpy", "KWD", "XXX", ""]) | SCALARS},
)
COURSE = next(seed for seed in OBJECT_TYPES if seed.name == "Course")
# The demo Course's fields, each now and then with a value of its own format.
OWN = {
    FieldFormat.TEXT: TRICKY | st.text(max_size=12),
    FieldFormat.NUMBER: TRICKY
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False),
    FieldFormat.CURRENCY: MONEY,
    FieldFormat.DATE: TRICKY | st.dates().map(str),
    FieldFormat.YES_NO: TRICKY | st.booleans(),
    FieldFormat.LIST: st.sampled_from(["Básico", "avancado", "Avançado", ["Básico"]]),
    FieldFormat.LINK: TRICKY | st.just("https://example.com/a b"),
}
VALUES = st.fixed_dictionaries(
    {},
    optional={derive_key(COURSE.primary_label): OWN[FieldFormat.TEXT] | ANY}
    | {derive_key(field.label): OWN[field.format] | ANY for field in COURSE.fields},
)
FILTER = st.builds(
    "{}:{}:{}".format,
    _known("field_key"),
    st.sampled_from(records.FILTER_OPERATORS),
    TRICKY | st.text(max_size=12) | st.just("10.00 BRL") | st.just("a,b"),
)
# Repeated and empty external ids among them.
BATCH = st.lists(
    st.fixed_dictionaries(
        {"external_id": st.sampled_from(["crm-1", "crm-2", " ", ""]), "values": VALUES}
    ),
    max_size=4,
)


def _with(key: str, real: st.SearchStrategy[Any], drawn: Any) -> Any:
    """`drawn` with a value from `real` at `key`, when it has that key."""
    if not isinstance(drawn, dict) or key not in drawn:
        return st.just(drawn)
    return real.map(lambda value: drawn | {key: value})


# flatmap_* rather than before_generate_*: schemathesis hands these hooks plain
# values, unwrapped from its negative-mode markers. Random field keys would only
# ever meet "not a field of Course"; these meet the fields' own parsers.
@schema.hook
def flatmap_path_parameters(context: schemathesis.HookContext, parameters: Any) -> Any:
    if not isinstance(parameters, dict):
        return st.just(parameters)
    return st.fixed_dictionaries(
        {name: st.just(value) | _known(name) for name, value in parameters.items()}
    )


@schema.hook
def flatmap_query(context: schemathesis.HookContext, query: Any) -> Any:
    filters = _with("filter", st.lists(FILTER, max_size=2), query)
    sort = st.text(max_size=8) | _known("field_key")
    return filters.flatmap(lambda drawn: _with("sort", sort, drawn))


@schema.hook
def flatmap_body(context: schemathesis.HookContext, body: Any) -> Any:
    values = _with("values", VALUES, body)
    return values.flatmap(lambda drawn: _with("records", BATCH, drawn))


@pytest.fixture(scope="module")
def demo() -> Iterator[str]:
    """The demo account seeded in memory; a write key of it."""
    store = Store.memory()
    ensure_indexes(store)
    seed_demo(store)
    account = accounts.get_by_slug(store, DEMO_SLUG)
    assert account is not None
    secret = new_key(store, account, Scope.WRITE)
    types = list(store.object_types.find({}))
    found = list(store.records.find({}))
    KNOWN.update(
        type_key=[t["key"] for t in types],
        field_key=sorted({f["key"] for t in types for f in t["fields"]}),
        record_id=[r["_id"] for r in found[:5]],
        external_id=[r["external_id"] for r in found[:3]]
        + [c["external_id"] for c in store.contacts.find({}, limit=2)],
        contact_id=[c["_id"] for c in store.contacts.find({}, limit=3)],
        deal_id=[d["_id"] for d in store.deals.find({}, limit=3)],
        association_id=[a["_id"] for a in store.associations.find({}, limit=3)],
    )
    runtime.use_store(store)
    yield secret
    runtime.use_store(None)
    KNOWN.clear()
    store.close()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
)
def test_the_api_answers_as_its_spec_says(case: schemathesis.Case, demo: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {demo}"}, checks=CHECKS)
