"""services.api_keys: keys shown once and stored as a hash, revoked at once,
their last use written at most once a minute, and the context a key acts in."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from schemas.api_keys import Scope
from schemas.crm import ContactInput
from schemas.users import Role
from services import api_keys, crm, object_types
from services.api_keys import ApiKeyRefused, ReadOnlyKey
from services.context import Context
from services.errors import InvalidInput, NotFound, PermissionDenied
from store import events
from store.engine import Store
from tests.factories import context_as, make_contact, on_every_engine

NO_KEY = (
    "This request has no API key; send one in the header 'Authorization: Bearer "
    "<key>'. An administrator creates keys in Settings → API keys."
)
UNKNOWN = (
    "This API key is not valid; check that it was copied whole, or create a new "
    "one in Settings → API keys."
)
READ_ONLY = (
    "This API key is read-only; create a key with the write scope in Settings → "
    "API keys."
)


def test_create_returns_the_secret_once_and_stores_only_its_hash(
    ctx: Context,
) -> None:
    key, secret = api_keys.create_api_key(
        ctx, name=" Website  sync ", scope=Scope.WRITE
    )

    [document] = ctx.store.api_keys.find({})
    assert secret.startswith("co_") and len(secret) == 46
    assert (key.name, key.scope, key.hint) == (
        "Website sync",
        Scope.WRITE,
        secret[:7] + "…",
    )
    assert document["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(document, default=str)
    assert secret not in json.dumps(list(ctx.store.events.find({})), default=str)
    assert (key.created_by, key.last_used_at, key.revoked_at) == (ctx.actor, None, None)


def test_every_key_is_new(ctx: Context) -> None:
    secrets = {api_keys.create_api_key(ctx, name=f"k{i}")[1] for i in range(20)}

    assert len(secrets) == 20


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "  ",
            "The API key name is empty; name it after what uses it, such as "
            "'Website sync'.",
        ),
        (
            "x" * 81,
            "The API key name is 81 characters long; keep it within 80.",
        ),
    ],
)
def test_create_refuses_bad_names(ctx: Context, name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        api_keys.create_api_key(ctx, name=name)

    assert raised.value.message == message
    assert [p.field for p in raised.value.problems] == ["name"]
    assert ctx.store.api_keys.count_documents({}) == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MEMBER, Role.VIEWER])
def test_only_administrators_manage_keys(ctx: Context, role: Role) -> None:
    key, _ = api_keys.create_api_key(ctx, name="Sync")
    acting = context_as(ctx.store, ctx.account, role, manage_custom_objects=True)
    refusal = (
        "You need the 'Administration' permission to manage API keys. Ask an "
        "administrator."
    )

    for call in (
        lambda: api_keys.create_api_key(acting, name="Mine"),
        lambda: api_keys.list_api_keys(acting),
        lambda: api_keys.revoke_api_key(acting, key.id),
    ):
        with pytest.raises(PermissionDenied) as raised:
            call()
        assert raised.value.message == refusal

    assert [k.name for k in api_keys.list_api_keys(ctx)] == ["Sync"]


def test_list_holds_the_account_keys_newest_first(
    ctx: Context, other_ctx: Context
) -> None:
    api_keys.create_api_key(ctx, name="First")
    api_keys.create_api_key(other_ctx, name="Theirs")
    api_keys.create_api_key(ctx, name="Second")

    listed = api_keys.list_api_keys(ctx)

    assert [k.name for k in listed] == ["Second", "First"]


def test_authenticate_returns_the_key_of_the_secret(ctx: Context) -> None:
    key, secret = api_keys.create_api_key(ctx, name="Sync", scope=Scope.WRITE)

    found = api_keys.authenticate(ctx.store, secret)

    assert (found.id, found.account_id, found.scope) == (
        key.id,
        ctx.account_id,
        Scope.WRITE,
    )
    assert api_keys.verify(ctx.store, secret) is not None


@pytest.mark.parametrize(
    ("secret", "message"),
    [("", NO_KEY), ("co_not-a-key", UNKNOWN), ("Bearer co_x", UNKNOWN)],
)
def test_authenticate_refuses_missing_and_unknown_keys(
    store: Store, secret: str, message: str
) -> None:
    with pytest.raises(ApiKeyRefused) as raised:
        api_keys.authenticate(store, secret)

    assert (raised.value.status, raised.value.message) == (401, message)
    assert api_keys.verify(store, secret) is None


def test_a_revoked_key_is_refused_at_once_and_says_when(ctx: Context) -> None:
    key, secret = api_keys.create_api_key(ctx, name="Old sync")

    revoked = api_keys.revoke_api_key(ctx, key.id)

    with pytest.raises(ApiKeyRefused) as raised:
        api_keys.authenticate(ctx.store, secret)
    assert raised.value.message == (
        f"This API key ('Old sync') was revoked on {revoked.revoked_at:%Y-%m-%d}; "
        "create a new one in Settings → API keys."
    )
    assert not api_keys.list_api_keys(ctx)[0].active
    assert api_keys.verify(ctx.store, secret) is None


def test_revoking_is_audited_once_and_idempotent(ctx: Context) -> None:
    key, _ = api_keys.create_api_key(ctx, name="Sync")

    first = api_keys.revoke_api_key(ctx, key.id)
    again = api_keys.revoke_api_key(ctx, key.id)

    actions = [e["action"] for e in events.recent(ctx.store, ctx.account_id)]
    assert actions == ["api_key.revoked", "api_key.created"]
    assert again.revoked_at == first.revoked_at


def test_another_account_key_cannot_be_revoked(
    ctx: Context, other_ctx: Context
) -> None:
    theirs, secret = api_keys.create_api_key(other_ctx, name="Theirs")

    with pytest.raises(NotFound) as raised:
        api_keys.revoke_api_key(ctx, theirs.id)

    assert raised.value.message == (
        f"API key '{theirs.id}' does not exist in this account; pick one from "
        "Settings → API keys."
    )
    assert api_keys.verify(ctx.store, secret) is not None


@on_every_engine
def test_last_use_is_written_at_most_once_a_minute(ctx: Context) -> None:
    _, secret = api_keys.create_api_key(ctx, name="Sync")
    start = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

    api_keys.authenticate(ctx.store, secret, now=start)
    api_keys.authenticate(ctx.store, secret, now=start + timedelta(seconds=59))
    after_59s = api_keys.list_api_keys(ctx)[0].last_used_at
    api_keys.authenticate(ctx.store, secret, now=start + timedelta(seconds=61))
    after_61s = api_keys.list_api_keys(ctx)[0].last_used_at

    assert after_59s == start
    assert after_61s == start + timedelta(seconds=61)


def test_a_write_key_acts_in_its_account_and_never_administers(ctx: Context) -> None:
    key, _ = api_keys.create_api_key(ctx, name="Sync", scope=Scope.WRITE)

    acting = api_keys.context_for(ctx.store, key)
    created = object_types.create_object_type(acting, name="Course")
    contact = crm.create_contact(acting, ContactInput(first_name="Ana"))

    assert acting.account_id == ctx.account_id
    assert (created.account_id, contact.account_id) == (ctx.account_id,) * 2
    assert acting.actor == "api_key:Sync"
    with pytest.raises(PermissionDenied):
        api_keys.list_api_keys(acting)


def test_a_read_key_reads_and_the_services_refuse_its_writes(ctx: Context) -> None:
    key, _ = api_keys.create_api_key(ctx, name="Report", scope=Scope.READ)
    make_contact(ctx)

    acting = api_keys.context_for(ctx.store, key)

    assert crm.list_contacts(acting).items
    with pytest.raises(ReadOnlyKey) as raised:
        api_keys.require_write(key)
    assert (raised.value.status, raised.value.message) == (403, READ_ONLY)
    with pytest.raises(PermissionDenied):
        object_types.create_object_type(acting, name="Course")
    with pytest.raises(PermissionDenied):
        crm.create_contact(acting, ContactInput(first_name="Ana"))
