"""The public HTTP API, mounted under /api in the server and runnable alone.

TODO(#4): object types, records, contacts, deals and associations under /api/v1,
with API keys, pagination and filters. Today it answers health checks only.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.errors import CustomObjectsError
from services.runtime import get_store


def _error_response(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CustomObjectsError)
    details = [{"field": p.field, "message": p.message} for p in exc.problems]
    body = {"error": {"code": exc.code, "message": exc.message, "details": details}}
    return JSONResponse(body, status_code=exc.status)


def create_api() -> FastAPI:
    api = FastAPI(
        title="Custom Objects API",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
    )
    api.add_exception_handler(CustomObjectsError, _error_response)

    @api.get("/v1/health")
    def health() -> dict[str, str]:
        """Whether the server is up, and which store engine it runs on."""
        return {"status": "ok", "engine": get_store().engine}

    return api
