"""services.auth: local sign-in with argon2 and growing delays, OIDC sign-in by
email, and sessions that end when a user is deactivated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from schemas.accounts import Account
from schemas.users import Role, User
from services import auth, users
from services.context import Context
from store import sign_ins
from store import users as stored_users
from store.engine import Store
from tests.factories import make_account, make_user, on_every_engine

PASSWORD = "correct horse"
WRONG = "Email or password is wrong. Check them and try again."
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _cheap_hash(password: str) -> str:
    """An argon2id hash with the least work: sign-in verifies with the
    parameters in the hash, and the default ones take ~100 ms a try."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(password)


@pytest.fixture(scope="module")
def hashed() -> str:
    return _cheap_hash(PASSWORD)


@pytest.fixture
def ana(store: Store, account: Account, hashed: str) -> User:
    return make_user(
        store, account, Role.MEMBER, email="ana@example.com", password_hash=hashed
    )


def _stored(store: Store, user: User) -> sign_ins.Attempts:
    """The failed sign-ins counted against the user's email."""
    return sign_ins.get(store, user.email)


def test_hash_password_is_salted_argon2id() -> None:
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)

    assert first.startswith("$argon2id$")
    assert first != second
    assert PASSWORD not in first


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [
        (0, 0),
        (1, 0),
        (2, 0),
        (3, 2),
        (4, 4),
        (5, 8),
        (6, 16),
        (11, 512),
        (12, 900),
        (49, 900),
        (10_000, 900),
    ],
)
def test_lock_delay_is_free_three_times_then_doubles_up_to_15_minutes(
    failures: int, seconds: int
) -> None:
    assert auth.lock_delay(failures) == timedelta(seconds=seconds)


# --- local sign-in ----------------------------------------------------------


@pytest.mark.parametrize("email", ["ana@example.com", "  ANA@Example.com "])
def test_sign_in_with_the_right_password_returns_the_user(
    store: Store, ana: User, email: str
) -> None:
    user = auth.sign_in(store, email, PASSWORD, now=T0)

    assert (user.id, user.account_id) == (ana.id, ana.account_id)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", PASSWORD),
        ("ana@example.com", "wrong horse"),
        ("ana@example.com", PASSWORD.upper()),
        ("ana@example.com", ""),
        ("", PASSWORD),
        ("   ", ""),
    ],
    ids=["unknown email", "wrong", "case", "empty password", "empty email", "blank"],
)
def test_wrong_email_and_wrong_password_get_the_same_words(
    store: Store, ana: User, email: str, password: str
) -> None:
    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in(store, email, password, now=T0)

    assert raised.value.message == WRONG
    assert raised.value.status == 401


def test_a_user_without_a_password_cannot_sign_in_locally(
    store: Store, account: Account
) -> None:
    make_user(store, account, Role.MEMBER, email="sso@example.com")

    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in(store, "sso@example.com", "", now=T0)

    assert raised.value.message == WRONG


def test_a_deactivated_user_is_refused_even_with_the_right_password(
    store: Store, ctx: Context, ana: User
) -> None:
    users.deactivate_user(ctx, ana.id)

    with pytest.raises(auth.SignInRefused) as right:
        auth.sign_in(store, "ana@example.com", PASSWORD, now=T0)
    with pytest.raises(auth.SignInRefused) as wrong:
        auth.sign_in(store, "ana@example.com", "wrong horse", now=T0)

    assert right.value.message == (
        "The user ana@example.com is deactivated. Ask an administrator to "
        "reactivate it."
    )
    assert wrong.value.message == WRONG


def _fail(store: Store, at: datetime) -> None:
    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in(store, "ana@example.com", "wrong horse", now=at)
    assert raised.value.message == WRONG


def _locked(store: Store, at: datetime) -> str:
    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in(store, "ana@example.com", PASSWORD, now=at)
    return raised.value.message


@on_every_engine
def test_repeated_failures_lock_for_growing_delays(store: Store, ana: User) -> None:
    _fail(store, T0)
    _fail(store, T0)
    free = _stored(store, ana)
    _fail(store, T0)
    first = _stored(store, ana).locked_until
    early = _locked(store, T0 + timedelta(seconds=1))
    _fail(store, T0 + timedelta(seconds=2))
    second = _stored(store, ana).locked_until
    _fail(store, T0 + timedelta(seconds=6))
    third = _stored(store, ana).locked_until
    still = _locked(store, T0 + timedelta(seconds=7, milliseconds=500))

    assert (free.failures, free.locked_until) == (2, None)
    assert [t and t.replace(tzinfo=UTC) for t in [first, second, third]] == [
        T0 + timedelta(seconds=2),
        T0 + timedelta(seconds=6),
        T0 + timedelta(seconds=14),
    ]
    assert early == (
        "Too many failed sign-ins for ana@example.com; wait 1 second and try again."
    )
    assert still == (
        "Too many failed sign-ins for ana@example.com; wait 7 seconds and try again."
    )
    assert _stored(store, ana).failures == 5


@on_every_engine
def test_signing_in_after_the_delay_resets_the_failures(
    store: Store, ana: User
) -> None:
    for _ in range(3):
        _fail(store, T0)
    after = T0 + auth.lock_delay(3)

    user = auth.sign_in(store, "ana@example.com", PASSWORD, now=after)

    assert user.id == ana.id
    stored = _stored(store, ana)
    assert (stored.failures, stored.locked_until) == (0, None)
    _fail(store, after)
    _fail(store, after)
    assert _stored(store, ana).locked_until is None


def test_delays_apply_on_the_real_clock_too(store: Store, ana: User) -> None:
    for _ in range(3):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(store, "ana@example.com", "wrong horse")

    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in(store, "ana@example.com", PASSWORD)

    assert raised.value.message.startswith(
        "Too many failed sign-ins for ana@example.com; wait "
    )


def test_the_same_email_in_two_accounts_signs_in_where_the_password_matches(
    store: Store, account: Account, ana: User
) -> None:
    other = make_account(store, "other")
    theirs = make_user(
        store,
        other,
        Role.VIEWER,
        email="ana@example.com",
        password_hash=_cheap_hash("another horse"),
    )

    mine = auth.sign_in(store, "ana@example.com", PASSWORD, now=T0)
    their = auth.sign_in(store, "ana@example.com", "another horse", now=T0)

    assert (mine.id, mine.account_id) == (ana.id, account.id)
    assert (their.id, their.account_id) == (theirs.id, other.id)


# --- OIDC -------------------------------------------------------------------


@pytest.mark.parametrize("email", ["ana@example.com", " Ana@EXAMPLE.com"])
def test_oidc_sign_in_matches_the_user_by_email(
    store: Store, ana: User, email: str
) -> None:
    user = auth.sign_in_oidc(store, email)

    assert user.id == ana.id


def test_oidc_sign_in_refuses_an_unknown_email(store: Store, ana: User) -> None:
    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in_oidc(store, "bruno@example.com")

    assert raised.value.message == (
        "No active user has the email bruno@example.com. Ask an administrator to "
        "add you."
    )
    assert stored_users.find_by_email(store, "bruno@example.com") == []


def test_oidc_sign_in_refuses_a_deactivated_user(
    store: Store, ctx: Context, ana: User
) -> None:
    users.deactivate_user(ctx, ana.id)

    with pytest.raises(auth.SignInRefused) as raised:
        auth.sign_in_oidc(store, "ana@example.com")

    assert raised.value.message == (
        "No active user has the email ana@example.com. Ask an administrator to add you."
    )


# --- sessions ---------------------------------------------------------------


def test_resume_returns_the_user_of_a_live_session(store: Store, ana: User) -> None:
    resumed = auth.resume(store, ana.account_id, ana.id, ana.session_epoch)

    assert resumed is not None
    assert resumed.id == ana.id


def test_deactivation_ends_open_sessions(store: Store, ctx: Context, ana: User) -> None:
    epoch = ana.session_epoch

    users.deactivate_user(ctx, ana.id)
    users.reactivate_user(ctx, ana.id)

    assert auth.resume(store, ana.account_id, ana.id, epoch) is None
    fresh = auth.sign_in(store, "ana@example.com", PASSWORD, now=T0)
    assert auth.resume(store, ana.account_id, ana.id, fresh.session_epoch) == fresh


def test_resume_refuses_a_deactivated_user_at_any_epoch(
    store: Store, ctx: Context, ana: User
) -> None:
    users.deactivate_user(ctx, ana.id)

    assert [auth.resume(store, ana.account_id, ana.id, e) for e in range(3)] == [
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("account_id", "user_id"),
    [("elsewhere", "ana"), ("mine", "nobody")],
    ids=["other account", "unknown user"],
)
def test_resume_refuses_a_session_of_no_user_of_the_account(
    store: Store, ana: User, account_id: str, user_id: str
) -> None:
    account_id = ana.account_id if account_id == "mine" else account_id
    user_id = ana.id if user_id == "ana" else user_id

    assert auth.resume(store, account_id, user_id, ana.session_epoch) is None


def test_an_unknown_email_is_delayed_like_a_known_one(store: Store, ana: User) -> None:
    messages = {}
    for email in ("ana@example.com", "nobody@example.com"):
        for _ in range(3):
            with pytest.raises(auth.SignInRefused):
                auth.sign_in(store, email, "wrong horse", now=T0)
        with pytest.raises(auth.SignInRefused) as raised:
            auth.sign_in(store, email, PASSWORD, now=T0 + timedelta(seconds=1))
        messages[email] = raised.value.message.replace(email, "EMAIL")

    assert messages["ana@example.com"] == messages["nobody@example.com"]
    assert messages["nobody@example.com"] == (
        "Too many failed sign-ins for EMAIL; wait 1 second and try again."
    )
