"""Records of an object type: /v1/objects/{type_key}/records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from api.deps import ReadContext, WriteContext
from schemas.api import ErrorBody, ErrorDetail
from schemas.api_records import (
    BatchItemResult,
    BatchResults,
    BatchUpsert,
    RecordCreate,
    RecordList,
    RecordPublic,
    RecordUpdate,
)
from schemas.object_types import ObjectType
from schemas.records import Record
from services import object_types, records
from services.context import Context
from services.errors import InvalidInput, NotFound

router = APIRouter(prefix="/v1/objects/{type_key}/records", tags=["Records"])

CREATED: dict[int | str, dict[str, Any]] = {
    201: {"model": RecordPublic, "description": "Created."}
}


def _record_of_type(
    ctx: Context, type_key: str, record_id: str
) -> tuple[ObjectType, Record]:
    object_type = object_types.get_object_type(ctx, type_key)
    record = records.get_record(ctx, record_id)
    if record.type_id != object_type.id:
        raise NotFound(
            f"Record '{record_id}' is not a {object_type.name}; check the id and the "
            "type key."
        )
    return object_type, record


@router.get("")
def list_records(
    ctx: ReadContext,
    type_key: str,
    limit: Annotated[int, Query(ge=1, le=200, description="Records per page.")] = 50,
    cursor: Annotated[
        str | None, Query(description="The next_cursor of the previous page.")
    ] = None,
    sort: Annotated[
        str, Query(description="A field key; the primary property by default.")
    ] = "",
    order: Literal["asc", "desc"] = "asc",
    filter: Annotated[
        list[str],
        Query(
            description="field:op:value, repeatable, all of which must hold; op is "
            "one of eq, ne, gt, gte, lt, lte, in (values split by commas), contains "
            "and is_empty (true or false). Money reads '100.00 BRL'."
        ),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    updated_after: Annotated[
        datetime | None,
        Query(description="Only records changed after this time (UTC if no zone)."),
    ] = None,
) -> RecordList:
    """A page of the type's records; pass next_cursor back for the next page."""
    object_type = object_types.get_object_type(ctx, type_key)
    found, next_cursor = records.find_records(
        ctx,
        object_type.id,
        filters=filter,
        sort=sort,
        descending=order == "desc",
        cursor=cursor,
        updated_after=updated_after,
        limit=limit,
    )
    data = [RecordPublic.of(object_type, record) for record in found]
    return RecordList(data=data, next_cursor=next_cursor)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_record(ctx: WriteContext, type_key: str, body: RecordCreate) -> RecordPublic:
    """Create a record; values are validated by the type's fields."""
    object_type = object_types.get_object_type(ctx, type_key)
    record = records.create_record(
        ctx, object_type.id, body.values, external_id=body.external_id
    )
    return RecordPublic.of(object_type, record)


def _result(result: records.BatchResult) -> BatchItemResult:
    error = None
    if result.error is not None:
        details = [
            ErrorDetail(field=p.field, message=p.message) for p in result.problems or []
        ]
        error = ErrorBody(code=InvalidInput.code, message=result.error, details=details)
    return BatchItemResult(
        index=result.index,
        external_id=result.external_id,
        status=result.status,
        id=result.record_id,
        error=error,
    )


@router.post("/batch")
def batch_upsert(ctx: WriteContext, type_key: str, body: BatchUpsert) -> BatchResults:
    """Upsert up to 1,000 records by external id; one result per item, in order.

    A bad item (or an external id seen earlier in the batch) is an error result
    and never stops the others.
    """
    object_type = object_types.get_object_type(ctx, type_key)
    items = [records.BatchItem(i.external_id, i.values) for i in body.records]
    results = records.batch_upsert(ctx, object_type.id, items)
    return BatchResults(results=[_result(result) for result in results])


@router.put("/by-external-id/{external_id:path}", responses=CREATED)
def upsert_record(
    ctx: WriteContext,
    type_key: str,
    external_id: str,
    body: RecordUpdate,
    response: Response,
) -> RecordPublic:
    """Create (201) or update (200) the one record with this external id; its
    values become those given. The id may hold '/'."""
    object_type = object_types.get_object_type(ctx, type_key)
    record, created = records.upsert_record(
        ctx, object_type.id, external_id, body.values
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return RecordPublic.of(object_type, record)


@router.get("/{record_id}")
def get_record(ctx: ReadContext, type_key: str, record_id: str) -> RecordPublic:
    """One record of the type by its id."""
    return RecordPublic.of(*_record_of_type(ctx, type_key, record_id))


@router.patch("/{record_id}")
def patch_record(
    ctx: WriteContext, type_key: str, record_id: str, body: RecordUpdate
) -> RecordPublic:
    """Change the given fields; null clears a field, others stay."""
    object_type, _ = _record_of_type(ctx, type_key, record_id)
    changed = records.patch_record(ctx, record_id, body.values)
    return RecordPublic.of(object_type, changed)


@router.delete("/{record_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_record(ctx: WriteContext, type_key: str, record_id: str) -> None:
    """Delete a record and its associations."""
    _record_of_type(ctx, type_key, record_id)
    records.delete_record(ctx, record_id)
