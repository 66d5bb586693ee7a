"""Records of an object type: validated by the type's runtime model on every write."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from schemas.object_types import FieldFormat, ObjectType
from schemas.records import FieldProblem, Record, display_name, validate_values
from schemas.users import Permission
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound, Problem
from services.object_types import get_object_type
from store import associations, events, records
from store.engine import new_id

logger = logging.getLogger(__name__)

PAGE_SIZE_MAX = 200
EXTERNAL_ID_MAX_LENGTH = 200


@dataclass(frozen=True)
class RecordPage:
    records: list[Record]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _sort_path(object_type: ObjectType, field_key: str) -> str:
    if not field_key or field_key == object_type.primary_field:
        return records.DISPLAY_NAME
    field = object_type.field(field_key)
    if field is None:
        raise InvalidInput.one(
            "sort",
            f"Cannot sort {object_type.plural} by '{field_key}': it is not one of "
            "their fields; sort by one of: "
            f"{', '.join(f.label for f in object_type.fields)}.",
        )
    if field.format is FieldFormat.CURRENCY:
        return f"values.{field_key}.amount_minor"
    return f"values.{field_key}"


def list_records(
    ctx: Context,
    type_id: str,
    *,
    search: str = "",
    sort: str = "",
    descending: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> RecordPage:
    """One page of a type's records, searched on the primary property.

    `sort` is a field key ("" sorts by the display name); pages count from 1.
    """
    object_type = get_object_type(ctx, type_id)
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    page = max(1, page)
    found, total = records.page(
        ctx.store,
        ctx.account_id,
        object_type.id,
        search=search,
        sort=_sort_path(object_type, sort),
        descending=descending,
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return RecordPage(records=found, total=total, page=page, page_size=page_size)


def get_record(ctx: Context, record_id: str) -> Record:
    ctx.require_custom_objects()
    record = records.get(ctx.store, ctx.account_id, record_id)
    if record is None:
        raise NotFound(
            f"Record '{record_id}' does not exist in this account; it may have been "
            "deleted."
        )
    return record


def _validated(object_type: ObjectType, values: dict[str, Any]) -> dict[str, Any]:
    result = validate_values(object_type, values)
    if isinstance(result, list):
        raise _invalid(object_type, result)
    return result


def _invalid(object_type: ObjectType, problems: list[FieldProblem]) -> InvalidInput:
    summary = " ".join(problem.message for problem in problems)
    return InvalidInput(
        f"The {object_type.name} was not saved. {summary}",
        problems=[Problem(p.field, p.message) for p in problems],
    )


def _clean_external_id(external_id: str | None) -> str | None:
    if external_id is None or not external_id.strip():
        return None
    if len(external_id.strip()) > EXTERNAL_ID_MAX_LENGTH:
        raise InvalidInput.one(
            "external_id",
            f"The external id is {len(external_id)} characters long; keep it within "
            f"{EXTERNAL_ID_MAX_LENGTH}.",
        )
    return external_id.strip()


def create_record(
    ctx: Context,
    type_id: str,
    values: dict[str, Any],
    *,
    external_id: str | None = None,
) -> Record:
    """A new record of the type, its values validated and normalised.

    Refused for an archived type, for invalid values (one problem a field), and
    for an external id that another record of the type already has.
    """
    object_type = get_object_type(ctx, type_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "create records")
    if object_type.archived:
        raise Conflict(
            f"Object type '{object_type.name}' is archived; restore it before "
            "adding records."
        )
    clean = _validated(object_type, values)
    now = datetime.now(UTC)
    record = Record(
        id=new_id(),
        account_id=ctx.account_id,
        type_id=object_type.id,
        values=clean,
        display_name=display_name(object_type, clean),
        external_id=_clean_external_id(external_id),
        created_at=now,
        updated_at=now,
    )

    try:
        records.insert(ctx.store, record)
    except records.DuplicateExternalId:
        raise Conflict(
            f"Another {object_type.name} already has the external id "
            f"'{record.external_id}'; use a different one or update that record."
        ) from None

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="record.created",
        subject=record.id,
        after=record.model_dump(mode="json"),
    )
    return record


def update_record(ctx: Context, record_id: str, values: dict[str, Any]) -> Record:
    """Replace a record's values with `values`, validated as on creation."""
    current = get_record(ctx, record_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "edit records")
    object_type = get_object_type(ctx, current.type_id)
    clean = _validated(object_type, values)
    if clean == current.values:
        return current
    record = current.model_copy(
        update={
            "values": clean,
            "display_name": display_name(object_type, clean),
            "updated_at": datetime.now(UTC),
        }
    )

    if not records.replace(ctx.store, record):
        raise NotFound(f"Record '{current.display_name}' was deleted meanwhile.")

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="record.updated",
        subject=record.id,
        before=current.model_dump(mode="json"),
        after=record.model_dump(mode="json"),
    )
    return record


def delete_record(ctx: Context, record_id: str) -> int:
    """Delete a record and its associations; returns how many links went with it."""
    record = get_record(ctx, record_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "delete records")

    removed = associations.delete_for_record(ctx.store, ctx.account_id, record.id)
    records.delete(ctx.store, ctx.account_id, record.id)

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="record.deleted",
        subject=record.id,
        before=record.model_dump(mode="json"),
    )
    return removed
