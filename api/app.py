"""The public HTTP API, mounted under /api in the server and runnable alone
(`uvicorn --factory api.app:create_api`).

Every route lives under /v1 and answers errors in one shape:
`{"error": {"code", "message", "details": [{"field", "message"}]}}`. Service
errors carry their own status and words; the handlers below only translate
them, FastAPI's request validation, unknown routes, and (as a last resort,
logged) anything unexpected.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api import associations, crm, object_types, records
from api.deps import RateLimit, RateLimited
from schemas.api import ErrorResponse
from services.errors import CustomObjectsError
from services.runtime import get_store

logger = logging.getLogger(__name__)

ROUTERS: list[APIRouter] = [
    object_types.router,
    records.router,
    crm.router,
    associations.router,
]

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "The request is malformed (a body that is not JSON, say).",
        401: "No API key, or one that is unknown or revoked.",
        403: "Custom Objects is off for the account, or the key is read-only.",
        404: "No such object, or one of another account.",
        409: "The change would duplicate or orphan something.",
        422: "Values that break a rule: one detail per field.",
        429: "The key is over its rate limit; see Retry-After.",
    }.items()
}

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
}


def _error(
    status: int,
    code: str,
    message: str,
    details: Sequence[tuple[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "error": {
            "code": code,
            "message": message,
            "details": [{"field": f, "message": m} for f, m in details],
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CustomObjectsError)
    headers = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    details = [(p.field, p.message) for p in exc.problems]
    return _error(exc.status, exc.code, exc.message, details, headers)


# --- request validation -----------------------------------------------------

_WHERE = {
    "body": "Field",
    "query": "Query parameter",
    "path": "Path parameter",
    "header": "Header",
}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _reason(error: dict[str, Any]) -> str:
    """What is wrong with one value, in the words the services use."""
    kind, ctx, got = error["type"], error.get("ctx") or {}, _shown(error.get("input"))
    reasons = {
        "missing": "is required; send it",
        "extra_forbidden": "is not one this request takes; remove it or check "
        "its spelling",
        "string_type": f"expects text; got {got}",
        "int_type": f"expects a whole number like 50; got {got}",
        "int_parsing": f"expects a whole number like 50; got {got}",
        "int_from_float": f"expects a whole number like 50; got {got}",
        "bool_type": f"expects true or false; got {got}",
        "bool_parsing": f"expects true or false; got {got}",
        "list_type": f'expects a list, like ["a", "b"]; got {got}',
        "dict_type": f"expects a JSON object; got {got}",
        "model_type": f"expects a JSON object; got {got}",
        "model_attributes_type": f"expects a JSON object; got {got}",
        "date_type": f"expects a date like 2025-03-01; got {got}",
        "date_parsing": f"expects a date like 2025-03-01; got {got}",
        "date_from_datetime_parsing": f"expects a date like 2025-03-01; got {got}",
        "enum": f"expects one of {ctx.get('expected', '')}; got {got}",
        "literal_error": f"expects one of {ctx.get('expected', '')}; got {got}",
        "datetime_type": f"expects a time like 2025-03-01T12:00:00Z; got {got}",
        "datetime_parsing": f"expects a time like 2025-03-01T12:00:00Z; got {got}",
        "datetime_from_date_parsing": "expects a time like 2025-03-01T12:00:00Z; "
        f"got {got}",
        "greater_than_equal": f"must be at least {ctx.get('ge')}; got {got}",
        "less_than_equal": f"must be at most {ctx.get('le')}; got {got}",
    }
    return reasons.get(kind) or f"is not accepted: {error['msg']}"


def _problem(error: dict[str, Any]) -> tuple[str, str]:
    where, *path = error["loc"] or ("body",)
    field = ".".join(str(part) for part in path)
    if not field:
        if error["type"] == "missing":
            return "", "The request needs a JSON body; send one."
        return "", f"The request body {_reason(error)}."
    return field, f"{_WHERE.get(str(where), 'Field')} '{field}' {_reason(error)}."


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    invalid_json = next((e for e in errors if e["type"] == "json_invalid"), None)
    if invalid_json is not None:
        reason = (invalid_json.get("ctx") or {}).get("error", "")
        return _error(
            400,
            "bad_request",
            f"The request body is not valid JSON ({reason}); check its quotes, "
            "commas and brackets.",
        )
    if any(isinstance(error.get("input"), bytes) for error in errors):
        return _error(
            400,
            "bad_request",
            "The request body is not JSON; send a JSON object with the header "
            "'Content-Type: application/json'.",
        )
    details = [_problem(error) for error in errors]
    shown = " ".join(message for _, message in details[:3])
    more = f" And {len(details) - 3} more problems." if len(details) > 3 else ""
    return _error(422, "invalid", f"{shown}{more}", details)


# --- routes that do not exist, and the unexpected ---------------------------


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = STATUS_CODES.get(exc.status_code, "error")
    if exc.status_code == 404:
        message = (
            f"There is no {request.url.path} in this API; the routes are listed "
            "at /api/v1/docs."
        )
    elif exc.status_code == 405:
        message = (
            f"{request.url.path} does not take {request.method}; the methods of "
            "each route are listed at /api/v1/docs."
        )
    else:
        message = str(exc.detail)
    return _error(exc.status_code, code, message, headers=dict(exc.headers or {}))


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    logger.exception("Unexpected error (reference %s)", reference, exc_info=exc)
    return _error(
        500,
        "internal_error",
        f"Something went wrong on our side (reference {reference}); try again, and "
        "if it goes on, report the reference.",
    )


def create_api() -> FastAPI:
    """The API app; its rate limit comes from API_RATE_LIMIT (default
    600/minute per key)."""
    api = FastAPI(
        title="Custom Objects API",
        version="1",
        description="Object types, records, contacts, deals and associations of "
        "one account, for the API key that calls.",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
    )
    api.state.rate_limit = RateLimit.from_env()
    api.add_exception_handler(CustomObjectsError, _service_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(HTTPException, _http_error)
    api.add_exception_handler(Exception, _unexpected)

    @api.get("/v1/health")
    def health() -> dict[str, str]:
        """Whether the server is up, and which store engine it runs on."""
        return {"status": "ok", "engine": get_store().engine}

    for router in ROUTERS:
        api.include_router(router, responses=ERROR_RESPONSES)
    return api
