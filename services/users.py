"""Users of an account: created, given a role and permission, deactivated.

Only administrators manage users; every change of role, permission or state is
written to the audit trail with before and after.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email

from schemas.users import Permission, Role, User
from services.auth import PASSWORD_MIN_LENGTH, hash_password
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound
from store import events, users
from store.engine import new_id


def _clean_email(email: str) -> str:
    try:
        return validate_email(
            email.strip(), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput.one(
            "email",
            f"The email '{email}' is not valid: {str(exc).rstrip('.')}. Enter one "
            "like ana@example.com.",
        ) from None


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput.one(
            "password",
            f"The password has {len(password)} characters; use at least "
            f"{PASSWORD_MIN_LENGTH}.",
        )


def list_users(ctx: Context) -> list[User]:
    ctx.require(Permission.ADMINISTER, "manage users")
    return users.list_for_account(ctx.store, ctx.account_id)


def create_user(
    ctx: Context,
    *,
    email: str,
    name: str = "",
    role: Role = Role.MEMBER,
    manage_custom_objects: bool = False,
    password: str | None = None,
) -> tuple[User, str | None]:
    """A new user of the account, and the initial password when none was given.

    An invited user (no password) gets a generated one, shown once to the
    administrator and stored only as a hash.
    """
    ctx.require(Permission.ADMINISTER, "manage users")
    clean_email = _clean_email(email)
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    check_password(password)
    user = User(
        id=new_id(),
        account_id=ctx.account_id,
        email=clean_email,
        name=" ".join(name.split()) or clean_email.split("@")[0],
        role=role,
        manage_custom_objects=manage_custom_objects,
        password_hash=hash_password(password),
        created_at=datetime.now(UTC),
    )

    try:
        users.insert(ctx.store, user)
    except users.DuplicateUser:
        raise Conflict(
            f"This account already has a user with the email {clean_email}."
        ) from None

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="user.created",
        subject=user.id,
        after=user.public(),
    )
    return user, generated


def _get(ctx: Context, user_id: str) -> User:
    user = users.get(ctx.store, ctx.account_id, user_id)
    if user is None:
        raise NotFound(f"User '{user_id}' does not exist in this account.")
    return user


def _update(ctx: Context, user: User, action: str, **changes: object) -> User:
    changed = user.model_copy(update=changes)
    users.update(ctx.store, ctx.account_id, user.id, changes)
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action=action,
        subject=user.id,
        before=user.public(),
        after=changed.public(),
    )
    return changed


def set_access(
    ctx: Context, user_id: str, *, role: Role, manage_custom_objects: bool
) -> User:
    """Change a user's role and the custom object management permission.

    The last active administrator cannot be demoted, so an account always
    has someone who can manage it.
    """
    ctx.require(Permission.ADMINISTER, "manage users")
    user = _get(ctx, user_id)
    if user.role is Role.ADMIN and role is not Role.ADMIN:
        _refuse_last_admin(ctx, user, "change their role")
    return _update(
        ctx,
        user,
        "user.access_changed",
        role=role,
        manage_custom_objects=manage_custom_objects,
    )


def _refuse_last_admin(ctx: Context, user: User, doing: str) -> None:
    admins = [
        u
        for u in users.list_for_account(ctx.store, ctx.account_id)
        if u.role is Role.ADMIN and u.active and u.id != user.id
    ]
    if not admins:
        raise Conflict(
            f"{user.email} is the account's last active administrator; make another "
            f"user an administrator before you {doing}."
        )


def deactivate_user(ctx: Context, user_id: str) -> User:
    """Stop a user signing in; their open sessions end at their next action."""
    ctx.require(Permission.ADMINISTER, "manage users")
    user = _get(ctx, user_id)
    if user.role is Role.ADMIN:
        _refuse_last_admin(ctx, user, "deactivate them")
    return _update(
        ctx,
        user,
        "user.deactivated",
        active=False,
        session_epoch=user.session_epoch + 1,
    )


def reactivate_user(ctx: Context, user_id: str) -> User:
    ctx.require(Permission.ADMINISTER, "manage users")
    user = _get(ctx, user_id)
    return _update(ctx, user, "user.reactivated", active=True)
