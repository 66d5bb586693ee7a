"""API keys: created and revoked by administrators, checked on every API call.

A key is `co_` and 43 random URL-safe characters (256 bits), shown once. Only
its SHA-256 hash is stored: a slow password hash (argon2) guards guessable
secrets, but nobody can guess 256 random bits, so a fast hash is as safe here
and keeps each request cheap.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from schemas.api_keys import KEY_PREFIX, ApiKey, Scope
from schemas.object_types import NAME_MAX_LENGTH
from schemas.users import Permission, Role, User
from services.context import Context
from services.errors import CustomObjectsError, InvalidInput, NotFound, PermissionDenied
from store import accounts, api_keys, events
from store.engine import Store, new_id

# Writing the last use on every request would double the writes of a busy
# integration; once a minute is precise enough for "last used".
TOUCH_EVERY = timedelta(minutes=1)
HINT_LENGTH = len(KEY_PREFIX) + 4
SETTINGS_PAGE = "Settings → API keys"


class ApiKeyRefused(CustomObjectsError):
    """No key, or one that opens nothing: the caller must send a valid key."""

    status = 401
    code = "unauthorized"


class ReadOnlyKey(PermissionDenied):
    def __init__(self) -> None:
        super().__init__(
            "This API key is read-only; create a key with the write scope in "
            f"{SETTINGS_PAGE}."
        )


def _now() -> datetime:
    """Now, to the millisecond: what the engines store and give back."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput.one(
            "name",
            "The API key name is empty; name it after what uses it, such as "
            "'Website sync'.",
        )
    if len(clean) > NAME_MAX_LENGTH:
        raise InvalidInput.one(
            "name",
            f"The API key name is {len(clean)} characters long; keep it within "
            f"{NAME_MAX_LENGTH}.",
        )
    return clean


def create_api_key(
    ctx: Context, *, name: str, scope: Scope = Scope.READ
) -> tuple[ApiKey, str]:
    """A new key of the account and its secret, which is never shown again."""
    ctx.require(Permission.ADMINISTER, "manage API keys")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        id=new_id(),
        account_id=ctx.account_id,
        name=_clean_name(name),
        scope=scope,
        hint=f"{secret[:HINT_LENGTH]}…",
        created_at=_now(),
        created_by=ctx.actor,
    )

    api_keys.insert(ctx.store, key, _hash(secret))
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="api_key.created",
        subject=key.id,
        after=key.model_dump(mode="json"),
    )
    return key, secret


def list_api_keys(ctx: Context) -> list[ApiKey]:
    """The account's keys, revoked ones included, newest first."""
    ctx.require(Permission.ADMINISTER, "manage API keys")
    return api_keys.list_for_account(ctx.store, ctx.account_id)


def revoke_api_key(ctx: Context, key_id: str) -> ApiKey:
    """Stop a key working at once; revoking a revoked key changes nothing."""
    ctx.require(Permission.ADMINISTER, "manage API keys")
    key = api_keys.get(ctx.store, ctx.account_id, key_id)
    if key is None:
        raise NotFound(
            f"API key '{key_id}' does not exist in this account; pick one from "
            f"{SETTINGS_PAGE}."
        )
    if not key.active:
        return key
    now = _now()

    api_keys.revoke(ctx.store, ctx.account_id, key.id, now)
    revoked = key.model_copy(update={"revoked_at": now})
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="api_key.revoked",
        subject=key.id,
        before=key.model_dump(mode="json"),
        after=revoked.model_dump(mode="json"),
    )
    return revoked


def authenticate(store: Store, secret: str, *, now: datetime | None = None) -> ApiKey:
    """The active key with this secret, or ApiKeyRefused saying why.

    Its last use is written at most once a minute.
    """
    if not secret:
        raise ApiKeyRefused(
            "This request has no API key; send one in the header "
            "'Authorization: Bearer <key>'. An administrator creates keys in "
            f"{SETTINGS_PAGE}."
        )
    key = api_keys.find_by_hash(store, _hash(secret))
    if key is None:
        raise ApiKeyRefused(
            "This API key is not valid; check that it was copied whole, or create "
            f"a new one in {SETTINGS_PAGE}."
        )
    if key.revoked_at is not None:
        raise ApiKeyRefused(
            f"This API key ('{key.name}') was revoked on "
            f"{key.revoked_at:%Y-%m-%d}; create a new one in {SETTINGS_PAGE}."
        )

    now = now or _now()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        api_keys.touch(store, key.id, now, unless_since=now - TOUCH_EVERY)
        key = key.model_copy(update={"last_used_at": now})
    return key


def verify(store: Store, secret: str) -> ApiKey | None:
    """The active key with this secret, or None."""
    try:
        return authenticate(store, secret)
    except ApiKeyRefused:
        return None


def context_for(store: Store, key: ApiKey) -> Context:
    """The context an API call acts in: the key's account, as a user who may do
    what the key's scope allows and never administer.

    A write key may manage custom objects and edit contacts and deals; a read key
    may only read, so the services refuse its writes too.
    """
    account = accounts.get(store, key.account_id)
    if account is None:
        raise ApiKeyRefused(
            "The account of this API key no longer exists; the key opens nothing."
        )
    writes = key.scope is Scope.WRITE
    user = User(
        id=f"api_key:{key.id}",
        account_id=account.id,
        email=f"api_key:{key.name}",
        name=f"API key {key.name}",
        role=Role.MEMBER if writes else Role.VIEWER,
        manage_custom_objects=writes,
    )
    return Context(store=store, account=account, user=user)


def require_write(key: ApiKey) -> None:
    """Refuse a read-only key before it attempts a write."""
    if key.scope is not Scope.WRITE:
        raise ReadOnlyKey()
