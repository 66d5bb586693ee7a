"""Sign-in: local passwords (argon2) with growing delays, or an OIDC provider.

A session remembers the user's id and session epoch; deactivating a user bumps
the epoch, which ends every open session of theirs at its next rerun.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from schemas.users import User
from services.errors import CustomObjectsError
from store import sign_ins, users
from store.engine import Store

logger = logging.getLogger(__name__)

FREE_ATTEMPTS = 3
MAX_DELAY = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 8

_hasher = PasswordHasher()


class SignInRefused(CustomObjectsError):
    status = 401
    code = "sign_in_refused"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def lock_delay(failures: int) -> timedelta:
    """How long sign-in waits after `failures` wrong passwords in a row:
    nothing for the first three, then 2, 4, 8… seconds, at most 15 minutes."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    # Capped before building the timedelta, which overflows from 49 failures.
    seconds = 2 ** min(failures - FREE_ATTEMPTS + 1, 20)
    return min(timedelta(seconds=seconds), MAX_DELAY)


def _matches(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def sign_in(
    store: Store, email: str, password: str, *, now: datetime | None = None
) -> User:
    """The user with this email and password, or SignInRefused saying why.

    Wrong emails and wrong passwords get the same words, and failures are
    counted by the typed email, so that neither the words nor the delays
    reveal who has an account.
    """
    now = now or datetime.now(UTC)
    email = email.strip().lower()
    attempts = sign_ins.get(store, email)
    if attempts.locked_until and attempts.locked_until > now:
        wait = math.ceil((attempts.locked_until - now).total_seconds())
        raise SignInRefused(
            f"Too many failed sign-ins for {email}; wait {wait} "
            f"second{'s' if wait != 1 else ''} and try again."
        )

    for user in users.find_by_email(store, email) if email else []:
        if _matches(user, password):
            if not user.active:
                raise SignInRefused(
                    f"The user {user.email} is deactivated. Ask an administrator to "
                    "reactivate it."
                )
            sign_ins.clear(store, email)
            logger.info("User %s signed in", user.id)
            return user

    if email:
        delay = lock_delay(sign_ins.record_failure(store, email))
        sign_ins.lock(store, email, now + delay if delay else None)
    raise SignInRefused("Email or password is wrong. Check them and try again.")


def sign_in_oidc(store: Store, email: str) -> User:
    """The active user with the email the identity provider vouched for.

    An unknown email is refused, never given an account silently.
    """
    found = [u for u in users.find_by_email(store, email.strip()) if u.active]
    if not found:
        raise SignInRefused(
            f"No active user has the email {email}. Ask an administrator to add you."
        )
    return found[0]


def resume(store: Store, account_id: str, user_id: str, epoch: int) -> User | None:
    """The session's user while still active with the same epoch; else None."""
    user = users.get(store, account_id, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user
