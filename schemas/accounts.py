"""Accounts (tenants) and the modules they have switched on."""

from __future__ import annotations

from pydantic import BaseModel, Field

from schemas.common import UtcDateTime

CUSTOM_OBJECTS = "custom_objects"


class Account(BaseModel):
    id: str
    slug: str
    name: str
    modules: dict[str, bool] = Field(default_factory=dict)
    demo_seeded_at: UtcDateTime | None = None

    def has_module(self, module: str) -> bool:
        """Modules are off unless switched on; Custom Objects is off by default."""
        return self.modules.get(module, False)
