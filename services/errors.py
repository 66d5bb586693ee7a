"""The errors services raise, each in words a user can act on.

    CustomObjectsError          400  the root; never raised itself
    ├── NotFound                404  no such object type, record, contact…
    ├── PermissionDenied        403  the acting user may not do this
    ├── ModuleDisabled          403  Custom Objects is off for the account
    ├── InvalidInput            422  values that break a rule; one problem a field
    └── Conflict                409  would duplicate or orphan something

They become responses in two places only: the API's exception handler and the
pages' `show_error` helper.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with one field (`field` is its key, or "" for the whole)."""

    field: str
    message: str


class CustomObjectsError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class NotFound(CustomObjectsError):
    status = 404
    code = "not_found"


class PermissionDenied(CustomObjectsError):
    status = 403
    code = "permission_denied"


class ModuleDisabled(CustomObjectsError):
    status = 403
    code = "module_disabled"

    def __init__(self) -> None:
        super().__init__(
            "Custom Objects is not enabled for this account. Ask an administrator "
            "to enable it in Settings → Modules."
        )


class InvalidInput(CustomObjectsError):
    status = 422
    code = "invalid"

    @classmethod
    def one(cls, field_key: str, message: str) -> InvalidInput:
        return cls(message, problems=[Problem(field_key, message)])


class Conflict(CustomObjectsError):
    status = 409
    code = "conflict"
