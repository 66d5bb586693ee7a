"""Cursors for lists that page by position rather than by offset.

A cursor is the position of the last item of a page (its sort values and id),
as URL-safe base64 of JSON, so that it survives any query string. It is opaque
to callers: they pass back `next_cursor` as they got it.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from services.errors import InvalidInput

LIMIT_MAX = 200


def encode_cursor(*position: Any) -> str:
    text = json.dumps(list(position), separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The position `encode_cursor` wrote, of `size` values; InvalidInput for
    anything else, such as a cursor of another list or one cut short."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        position = None
    if not isinstance(position, list) or len(position) != size:
        raise InvalidInput.one(
            "cursor",
            f"The cursor '{cursor[:40]}' is not one this list gave; pass the "
            "next_cursor of the previous page as it is, or leave it out to start "
            "from the first page.",
        )
    return position


def clean_limit(limit: int) -> int:
    """How many items a page holds: 1 to LIMIT_MAX."""
    if not 1 <= limit <= LIMIT_MAX:
        raise InvalidInput.one(
            "limit",
            f"The limit must be between 1 and {LIMIT_MAX}; got {limit}.",
        )
    return limit
