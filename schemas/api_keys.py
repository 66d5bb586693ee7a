"""API keys: what lets an integration call the public API for one account.

A key is shown once when it is created and stored only as a hash; what is kept
besides is what an administrator needs to recognise and revoke it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from schemas.common import UtcDateTime

KEY_PREFIX = "co_"


class Scope(StrEnum):
    """What a key may do: read only, or read and write."""

    READ = "read"
    WRITE = "write"

    @property
    def label(self) -> str:
        return "Read and write" if self is Scope.WRITE else "Read only"


class ApiKey(BaseModel):
    id: str
    account_id: str
    name: str
    scope: Scope
    hint: str
    """The key's first characters, as lists show it ("co_Ab3d…"); never enough
    to use it."""
    created_at: UtcDateTime
    created_by: str = ""
    last_used_at: UtcDateTime | None = None
    revoked_at: UtcDateTime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None
