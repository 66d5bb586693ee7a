"""services.users: creating users, changing their role and permission,
deactivating them, and the audit trail that records every change without a
password hash."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher

from schemas.users import Role, User
from services import auth, users
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound
from store import events
from store import users as stored_users
from tests.factories import make_user


def _events(ctx: Context, action: str) -> list[dict[str, Any]]:
    return [
        e
        for e in reversed(events.recent(ctx.store, ctx.account_id, limit=500))
        if e["action"] == action
    ]


# --- create_user ------------------------------------------------------------


def test_create_user_stores_a_normalised_email_and_an_argon2_hash(
    ctx: Context,
) -> None:
    user, generated = users.create_user(
        ctx,
        email="  Ana.Silva@Example.COM ",
        name="  Ana   Silva ",
        role=Role.MANAGER,
        manage_custom_objects=True,
        password="correct horse",
    )

    stored = stored_users.get(ctx.store, ctx.account_id, user.id)
    assert stored is not None
    assert (stored.email, stored.name, stored.role) == (
        "ana.silva@example.com",
        "Ana Silva",
        Role.MANAGER,
    )
    assert (stored.manage_custom_objects, stored.active) == (True, True)
    assert generated is None
    assert stored.password_hash is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(stored.password_hash, "correct horse")


def test_create_user_without_a_password_returns_an_initial_password(
    ctx: Context,
) -> None:
    user, generated = users.create_user(ctx, email="bruno@example.com")

    assert generated is not None
    assert len(generated) >= auth.PASSWORD_MIN_LENGTH
    assert (user.name, user.role, user.manage_custom_objects) == (
        "bruno",
        Role.MEMBER,
        False,
    )
    assert user.password_hash is not None
    assert generated not in user.password_hash
    assert PasswordHasher().verify(user.password_hash, generated)


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        (
            "ana",
            "long enough",
            "email",
            "The email 'ana' is not valid: An email address must have an @-sign. "
            "Enter one like ana@example.com.",
        ),
        (
            "ana@",
            "long enough",
            "email",
            "The email 'ana@' is not valid: There must be something after the "
            "@-sign. Enter one like ana@example.com.",
        ),
        (
            "",
            "long enough",
            "email",
            "The email '' is not valid: An email address must have an @-sign. "
            "Enter one like ana@example.com.",
        ),
        (
            "ana@example.com",
            "short",
            "password",
            "The password has 5 characters; use at least 8.",
        ),
        (
            "ana@example.com",
            "",
            "password",
            "The password has 0 characters; use at least 8.",
        ),
    ],
)
def test_create_user_refuses_bad_input(
    ctx: Context, email: str, password: str, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        users.create_user(ctx, email=email, password=password)

    assert raised.value.message == message
    assert [p.field for p in raised.value.problems] == [field]
    assert [u.email for u in users.list_users(ctx)] == [ctx.user.email]


def test_create_user_refuses_an_email_the_account_has_in_any_case(
    ctx: Context,
) -> None:
    make_user(ctx.store, ctx.account, Role.MEMBER, email="ana@example.com")

    with pytest.raises(Conflict) as raised:
        users.create_user(ctx, email="ANA@example.com", password="long enough")

    assert raised.value.message == (
        "This account already has a user with the email ana@example.com."
    )
    assert len(users.list_users(ctx)) == 2


def test_create_user_accepts_an_email_another_account_has(
    ctx: Context, other_ctx: Context
) -> None:
    make_user(other_ctx.store, other_ctx.account, email="ana@example.com")

    user, _ = users.create_user(ctx, email="ana@example.com", password="long enough")

    assert user.account_id == ctx.account_id
    assert [u.email for u in users.list_users(other_ctx)] == [
        "admin@other.example",
        "ana@example.com",
    ]


def test_create_user_is_audited_without_the_password_hash(ctx: Context) -> None:
    user, _ = users.create_user(
        ctx, email="ana@example.com", role=Role.VIEWER, password="long enough"
    )

    [event] = _events(ctx, "user.created")
    assert (event["actor"], event["subject"], event["before"]) == (
        ctx.user.email,
        user.id,
        None,
    )
    assert event["after"] == user.public()
    assert (event["after"]["role"], event["after"]["email"]) == (
        "viewer",
        "ana@example.com",
    )
    assert "password_hash" not in event["after"]


def test_list_users_by_email(ctx: Context) -> None:
    for email in ["zoe@example.com", "bia@example.com"]:
        make_user(ctx.store, ctx.account, Role.VIEWER, email=email)

    listed = users.list_users(ctx)

    assert [u.email for u in listed] == [
        "admin@demo.example",
        "bia@example.com",
        "zoe@example.com",
    ]


# --- set_access -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "grant", "to_role", "to_grant"),
    [
        (Role.MEMBER, False, Role.MANAGER, False),
        (Role.MEMBER, False, Role.MEMBER, True),
        (Role.MANAGER, True, Role.VIEWER, False),
        (Role.VIEWER, False, Role.ADMIN, False),
    ],
)
def test_set_access_changes_role_and_permission_and_audits_both(
    ctx: Context, role: Role, grant: bool, to_role: Role, to_grant: bool
) -> None:
    user = make_user(ctx.store, ctx.account, role, manage_custom_objects=grant)
    started = datetime.now(UTC).replace(microsecond=0)

    changed = users.set_access(
        ctx, user.id, role=to_role, manage_custom_objects=to_grant
    )

    assert (changed.role, changed.manage_custom_objects) == (to_role, to_grant)
    stored = stored_users.get(ctx.store, ctx.account_id, user.id)
    assert stored is not None
    assert (stored.role, stored.manage_custom_objects) == (to_role, to_grant)
    [event] = _events(ctx, "user.access_changed")
    assert (event["actor"], event["subject"]) == (ctx.user.email, user.id)
    assert started <= event["at"].replace(tzinfo=UTC) <= datetime.now(UTC)
    before, after = event["before"], event["after"]
    assert (before["role"], before["manage_custom_objects"]) == (role.value, grant)
    assert (after["role"], after["manage_custom_objects"]) == (
        to_role.value,
        to_grant,
    )


LAST_ADMIN = (
    "admin@demo.example is the account's last active administrator; make another "
    "user an administrator before you {doing}."
)


@pytest.mark.parametrize(
    ("call", "doing"),
    [
        (
            lambda c: users.set_access(
                c, c.user.id, role=Role.MANAGER, manage_custom_objects=True
            ),
            "change their role",
        ),
        (lambda c: users.deactivate_user(c, c.user.id), "deactivate them"),
    ],
    ids=["set_access", "deactivate_user"],
)
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
    ctx: Context, call: Callable[[Context], User], doing: str
) -> None:
    former = make_user(ctx.store, ctx.account, Role.ADMIN, email="ex@demo.example")
    stored_users.update(ctx.store, ctx.account_id, former.id, {"active": False})
    make_user(ctx.store, ctx.account, Role.MANAGER)

    with pytest.raises(Conflict) as raised:
        call(ctx)

    assert raised.value.message == LAST_ADMIN.format(doing=doing)
    stored = stored_users.get(ctx.store, ctx.account_id, ctx.user.id)
    assert stored is not None
    assert (stored.role, stored.active) == (Role.ADMIN, True)
    assert events.recent(ctx.store, ctx.account_id) == []


def test_an_admin_can_step_down_when_another_admin_is_active(ctx: Context) -> None:
    make_user(ctx.store, ctx.account, Role.ADMIN, email="second@demo.example")

    changed = users.set_access(
        ctx, ctx.user.id, role=Role.MEMBER, manage_custom_objects=False
    )

    assert changed.role is Role.MEMBER


def test_keeping_the_last_admin_an_admin_is_allowed(ctx: Context) -> None:
    changed = users.set_access(
        ctx, ctx.user.id, role=Role.ADMIN, manage_custom_objects=True
    )

    assert (changed.role, changed.manage_custom_objects) == (Role.ADMIN, True)


# --- deactivate_user and reactivate_user ----------------------------------


def test_deactivate_user_ends_sessions_and_is_audited(ctx: Context) -> None:
    user = make_user(ctx.store, ctx.account, Role.MEMBER)

    changed = users.deactivate_user(ctx, user.id)

    assert (changed.active, changed.session_epoch) == (False, 1)
    stored = stored_users.get(ctx.store, ctx.account_id, user.id)
    assert stored is not None
    assert (stored.active, stored.session_epoch) == (False, 1)
    [event] = _events(ctx, "user.deactivated")
    assert (event["actor"], event["subject"]) == (ctx.user.email, user.id)
    assert (event["before"]["active"], event["after"]["active"]) == (True, False)


def test_reactivate_user_lets_them_in_again_with_new_sessions_only(
    ctx: Context,
) -> None:
    user = make_user(ctx.store, ctx.account, Role.MEMBER)
    users.deactivate_user(ctx, user.id)

    changed = users.reactivate_user(ctx, user.id)

    assert (changed.active, changed.session_epoch) == (True, 1)
    [event] = _events(ctx, "user.reactivated")
    assert (event["before"]["active"], event["after"]["active"]) == (False, True)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: users.set_access(
            c, "nobody", role=Role.VIEWER, manage_custom_objects=False
        ),
        lambda c: users.deactivate_user(c, "nobody"),
        lambda c: users.reactivate_user(c, "nobody"),
    ],
    ids=["set_access", "deactivate_user", "reactivate_user"],
)
def test_changing_an_unknown_user_is_not_found(
    ctx: Context, call: Callable[[Context], User]
) -> None:
    with pytest.raises(NotFound) as raised:
        call(ctx)

    assert raised.value.message == "User 'nobody' does not exist in this account."


# --- no password hash in the audit trail ----------------------------------


def test_no_password_or_hash_ever_reaches_the_audit_trail(ctx: Context) -> None:
    user, generated = users.create_user(ctx, email="ana@example.com")
    users.create_user(ctx, email="bia@example.com", password="bia's secret")
    users.set_access(ctx, user.id, role=Role.ADMIN, manage_custom_objects=True)
    users.deactivate_user(ctx, user.id)
    users.reactivate_user(ctx, user.id)
    hashes = [str(u.password_hash) for u in users.list_users(ctx) if u.password_hash]

    trail = json.dumps(list(ctx.store.events.find({})), default=str)

    assert len(json.loads(trail)) == 5
    assert len(hashes) == 2
    assert generated is not None
    for secret in [*hashes, generated, "bia's secret", "$argon2", "password"]:
        assert secret not in trail


def test_public_view_of_a_user_leaves_out_the_hash_and_the_failures() -> None:
    user = User(
        id="u",
        account_id="a",
        email="ana@example.com",
        name="Ana",
        role=Role.MEMBER,
        password_hash="$argon2id$secret",
    )

    public = user.public()

    assert set(public) == {
        "id",
        "account_id",
        "email",
        "name",
        "role",
        "manage_custom_objects",
        "active",
        "session_epoch",
        "created_at",
    }
    assert "secret" not in repr(user)
