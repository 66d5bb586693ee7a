"""Users, their roles, and what each role may do.

    role      read  associate  custom object management   administer
    admin      ✓       ✓          ✓ (always)                  ✓
    manager    ✓       ✓          when granted
    member     ✓       ✓          when granted
    viewer     ✓                  when granted

Administering covers modules, users, API keys and webhooks.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.common import UtcDateTime


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    MEMBER = "member"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Permission(StrEnum):
    MANAGE_CUSTOM_OBJECTS = "manage_custom_objects"
    EDIT_CRM = "edit_crm"
    ADMINISTER = "administer"

    @property
    def label(self) -> str:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.MANAGE_CUSTOM_OBJECTS: "Custom object management",
    Permission.EDIT_CRM: "Edit contacts and deals",
    Permission.ADMINISTER: "Administration",
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset({Permission.EDIT_CRM}),
    Role.MEMBER: frozenset({Permission.EDIT_CRM}),
    Role.VIEWER: frozenset(),
}


class User(BaseModel):
    id: str
    account_id: str
    email: str
    name: str
    role: Role
    manage_custom_objects: bool = False
    active: bool = True
    password_hash: str | None = Field(default=None, repr=False)
    session_epoch: int = 0
    created_at: UtcDateTime | None = None

    def can(self, permission: Permission) -> bool:
        if (
            permission is Permission.MANAGE_CUSTOM_OBJECTS
            and self.manage_custom_objects
        ):
            return True
        return permission in ROLE_PERMISSIONS[self.role]

    def can_manage(self) -> bool:
        """Whether the user may manage object types and records."""
        return self.can(Permission.MANAGE_CUSTOM_OBJECTS)

    def public(self) -> dict[str, object]:
        """The user as audit events and lists show it: never the password hash."""
        return self.model_dump(mode="json", exclude={"password_hash"})
