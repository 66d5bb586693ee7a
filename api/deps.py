"""Who is calling: the API key of the request, its scope and its rate limit.

Routes take `ReadContext` or, to write, `WriteContext`: the context of the key's
account. A request without a usable key is refused with 401, a write with a
read-only key with 403 (any method but GET, HEAD and OPTIONS is a write, whichever
of the two a route asks for), and a key over its rate limit with 429 and
Retry-After.
"""

from __future__ import annotations

import math
import os
import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from services import api_keys
from services.api_keys import ApiKeyRefused
from services.context import Context
from services.errors import CustomObjectsError
from services.runtime import get_store

READS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_RATE_LIMIT = "600/minute"

# Declared for the OpenAPI document (and the docs' Authorize button) only: the
# header is read below, so that each way of getting it wrong has its own words.
_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from Settings → API keys: `Authorization: Bearer co_…`.",
)


class RateLimited(CustomObjectsError):
    status = 429
    code = "rate_limited"

    def __init__(self, limit: RateLimitItem, retry_after: int) -> None:
        super().__init__(
            f"This API key is limited to {limit.amount} requests per "
            f"{_per(limit)}; wait {retry_after} second"
            f"{'s' if retry_after != 1 else ''} and try again."
        )
        self.retry_after = retry_after


def _per(limit: RateLimitItem) -> str:
    unit = limit.GRANULARITY.name
    return unit if limit.multiples == 1 else f"{limit.multiples} {unit}s"


class RateLimit:
    """A moving window of requests per API key, counted in this process.

    Several server processes each count their own, so the limit a key sees is
    per process; a shared storage (Redis, MongoDB) would make it global.
    """

    def __init__(self, spec: str) -> None:
        try:
            self.limit = parse(spec)
        except ValueError:
            raise ValueError(
                f"API_RATE_LIMIT is '{spec}', which is not a rate; write one such as "
                f"{DEFAULT_RATE_LIMIT} or 10/second."
            ) from None
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    @classmethod
    def from_env(cls) -> RateLimit:
        return cls(os.environ.get("API_RATE_LIMIT", "").strip() or DEFAULT_RATE_LIMIT)

    def hit(self, key_id: str) -> None:
        """Count one request of the key; RateLimited when it is over the limit."""
        if self._limiter.hit(self.limit, key_id):
            return
        reset_at, _ = self._limiter.get_window_stats(self.limit, key_id)
        raise RateLimited(self.limit, max(1, math.ceil(reset_at - time.time())))


def _secret(request: Request) -> str:
    header = request.headers.get("authorization")
    if header is None:
        return ""
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiKeyRefused(
            "The Authorization header must read 'Bearer <key>', with the API key "
            f"after 'Bearer '; got '{scheme[:20]}…'."
        )
    return secret.strip()


def api_context(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Context:
    """The context of the request's API key: its account, within its scope."""
    store = get_store()
    key = api_keys.authenticate(store, _secret(request))
    request.app.state.rate_limit.hit(key.id)
    request.state.api_key = key
    if request.method not in READS:
        api_keys.require_write(key)
    return api_keys.context_for(store, key)


def write_context(
    request: Request, ctx: Annotated[Context, Depends(api_context)]
) -> Context:
    """The context of a key with the write scope."""
    api_keys.require_write(request.state.api_key)
    return ctx


ReadContext = Annotated[Context, Depends(api_context)]
WriteContext = Annotated[Context, Depends(write_context)]
