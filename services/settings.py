"""Settings of the app itself (the store's are in store.engine.Settings)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum


class AuthMode(StrEnum):
    LOCAL = "local"
    OIDC = "oidc"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class AppSettings:
    """AUTH_MODE picks sign-in (local passwords, or OIDC through st.login);
    DEMO_MODE shows the demo users on the sign-in page. Demo mode is on by
    default only on the embedded store, never against a MongoDB server."""

    auth_mode: AuthMode = AuthMode.LOCAL
    demo_mode: bool = False

    @classmethod
    def from_env(cls) -> AppSettings:
        mode = os.environ.get("AUTH_MODE", "local").strip().lower() or "local"
        if mode not in {m.value for m in AuthMode}:
            raise ValueError(f"AUTH_MODE is '{mode}'; set it to 'local' or 'oidc'.")
        on_embedded = not os.environ.get("MONGODB_URI", "").strip()
        return cls(
            auth_mode=AuthMode(mode),
            demo_mode=_flag(os.environ.get("DEMO_MODE"), on_embedded),
        )
