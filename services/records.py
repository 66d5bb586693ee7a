"""Records of an object type: validated by the type's runtime model on every write."""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from schemas.object_types import FieldDefinition, FieldFormat, ObjectType
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


def upsert_record(
    ctx: Context, type_id: str, external_id: str, values: dict[str, Any]
) -> tuple[Record, bool]:
    """The one record of the type with this external id, created or updated;
    True when it was created.

    Two callers racing on a new external id both end on the same record: the
    unique index lets one create it and the other updates it.
    """
    object_type = get_object_type(ctx, type_id)
    clean_id = _clean_external_id(external_id)
    if clean_id is None:
        raise InvalidInput.one(
            "external_id", "The external id is empty; give one such as 'crm-1042'."
        )
    for _ in range(2):
        existing = records.get_by_external_id(
            ctx.store, ctx.account_id, object_type.id, clean_id
        )
        if existing is not None:
            return update_record(ctx, existing.id, values), False
        try:
            return create_record(
                ctx, object_type.id, values, external_id=clean_id
            ), True
        except Conflict:
            if (
                records.get_by_external_id(
                    ctx.store, ctx.account_id, object_type.id, clean_id
                )
                is None
            ):
                raise
    raise Conflict(  # pragma: no cover - a record deleted and re-created meanwhile
        f"The {object_type.name} with external id '{clean_id}' kept changing; try again."
    )


def patch_record(ctx: Context, record_id: str, values: dict[str, Any]) -> Record:
    """Change only the given fields; a value of None (or "") clears a field."""
    current = get_record(ctx, record_id)
    merged = current.values | values
    return update_record(ctx, record_id, merged)


@dataclass(frozen=True)
class BatchItem:
    external_id: str
    values: dict[str, Any]


BatchStatus = Literal["created", "updated", "unchanged", "error"]


@dataclass
class BatchResult:
    """What happened to one item of a batch: created, updated, unchanged or error."""

    index: int
    external_id: str
    status: BatchStatus
    record_id: str | None = None
    error: str | None = None
    problems: list[Problem] | None = None


BATCH_MAX = 1_000


def batch_upsert(
    ctx: Context, type_id: str, items: list[BatchItem]
) -> list[BatchResult]:
    """Upsert up to 1,000 records keyed by external id, one result per item.

    One bad item never blocks the others. An external id that appears twice is
    an error for the later item, never a second record. The whole batch costs a
    handful of store calls: one lookup of the existing ids, one insert of the
    new records, one bulk replace of the changed ones, one write of events.
    """
    object_type = get_object_type(ctx, type_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "create records")
    if object_type.archived:
        raise Conflict(
            f"Object type '{object_type.name}' is archived; restore it before "
            "adding records."
        )
    if len(items) > BATCH_MAX:
        raise InvalidInput.one(
            "records",
            f"A batch takes at most {BATCH_MAX:,} records; got {len(items):,}. Split it.",
        )

    results: list[BatchResult] = []
    valid: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, item in enumerate(items):
        result = BatchResult(index=index, external_id=item.external_id, status="error")
        results.append(result)
        try:
            clean_id = _clean_external_id(item.external_id)
        except InvalidInput as error:
            result.error, result.problems = error.message, error.problems
            continue
        if clean_id is None:
            result.error = "The external id is empty; give each record one."
            result.problems = [Problem("external_id", result.error)]
        elif clean_id in valid:
            result.error = (
                f"The external id '{clean_id}' appears earlier in this batch, at item "
                f"{valid[clean_id][0]}; send each record once."
            )
            result.problems = [Problem("external_id", result.error)]
        else:
            checked = validate_values(object_type, item.values)
            if isinstance(checked, list):
                problem = _invalid(object_type, checked)
                result.error, result.problems = problem.message, problem.problems
            else:
                valid[clean_id] = (index, checked)

    now = datetime.now(UTC)
    existing = records.find_by_external_ids(
        ctx.store, ctx.account_id, object_type.id, list(valid)
    )
    new: list[Record] = []
    changed: list[tuple[Record, Record]] = []
    for external_id, (index, clean) in valid.items():
        current = existing.get(external_id)
        result = results[index]
        if current is None:
            record = Record(
                id=new_id(),
                account_id=ctx.account_id,
                type_id=object_type.id,
                values=clean,
                display_name=display_name(object_type, clean),
                external_id=external_id,
                created_at=now,
                updated_at=now,
            )
            new.append(record)
            result.status, result.record_id = "created", record.id
        elif current.values == clean:
            result.status, result.record_id = "unchanged", current.id
        else:
            changed.append((current, _revised(object_type, current, clean, now)))
            result.status, result.record_id = "updated", current.id

    refused = records.insert_many(ctx.store, new)
    if refused:
        # Another writer created these external ids between our lookup and our
        # insert: their records won, so ours become updates of theirs.
        lost = [new[i] for i in sorted(refused)]
        winners = records.find_by_external_ids(
            ctx.store,
            ctx.account_id,
            object_type.id,
            [r.external_id or "" for r in lost],
        )
        for record in lost:
            winner = winners[record.external_id or ""]
            result = results[valid[record.external_id or ""][0]]
            result.record_id = winner.id
            if winner.values == record.values:
                result.status = "unchanged"
            else:
                changed.append(
                    (winner, _revised(object_type, winner, record.values, now))
                )
                result.status = "updated"
        new = [r for i, r in enumerate(new) if i not in refused]
    records.replace_many(ctx.store, [after for _, after in changed])

    if new or changed:
        # One audit event for the whole batch: on the embedded engine every
        # document written costs a commit, and one event per record would
        # halve the batch's throughput.
        events.record(
            ctx.store,
            ctx.account_id,
            actor=ctx.actor,
            action="record.batch_upserted",
            subject=object_type.id,
            before={b.id: b.model_dump(mode="json") for b, _ in changed},
            after={
                "created": {r.id: r.model_dump(mode="json") for r in new},
                "updated": {a.id: a.model_dump(mode="json") for _, a in changed},
            },
        )
    return results


def _revised(
    object_type: ObjectType, current: Record, clean: dict[str, Any], now: datetime
) -> Record:
    return current.model_copy(
        update={
            "values": clean,
            "display_name": display_name(object_type, clean),
            "updated_at": now,
        }
    )


FILTER_OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "is_empty")
_ORDERED = {
    FieldFormat.NUMBER,
    FieldFormat.CURRENCY,
    FieldFormat.DATE,
    FieldFormat.TEXT,
}


def _filter_value(object_type: ObjectType, field: FieldDefinition, raw: str) -> Any:
    """One filter operand, validated and stored the way the field stores values."""
    # A one-field type of its own (and its own model cache entry), so that the
    # type's other required fields do not get in the way.
    alone = object_type.model_copy(
        update={
            "id": f"{object_type.id}:{field.key}",
            "fields": [field.model_copy(update={"required": True, "multiple": False})],
        }
    )
    operand: Any = raw
    if field.format is FieldFormat.CURRENCY:
        amount, _, code = raw.strip().partition(" ")
        operand = {"amount": amount, "currency": code}
    checked = validate_values(alone, {field.key: operand})
    if isinstance(checked, list):
        raise InvalidInput.one(
            "filter", f"In the filter on {field.key}: {checked[0].message}"
        )
    return checked[field.key]


def _parse_filter(object_type: ObjectType, text: str) -> list[records.Condition]:
    """Conditions from 'field:op:value', e.g. 'seats:gte:10', 'level:in:a,b',
    'price:lt:100.00 BRL' (currency filters compare amounts in one currency),
    'website:is_empty:true'."""
    field_key, _, rest = text.partition(":")
    op, _, raw = rest.partition(":")
    field = object_type.field(field_key.strip())
    if field is None:
        raise InvalidInput.one(
            "filter",
            f"Cannot filter {object_type.plural} by '{field_key}': it is not one of "
            f"their fields; use one of: {', '.join(f.key for f in object_type.fields)}.",
        )
    if op not in FILTER_OPERATORS:
        raise InvalidInput.one(
            "filter",
            f"The filter '{text}' has no operator '{op}'; write field:operator:value "
            f"with an operator among {', '.join(FILTER_OPERATORS)}.",
        )
    path = f"values.{field.key}"
    if op == "is_empty":
        if raw.strip().lower() not in {"true", "false"}:
            raise InvalidInput.one(
                "filter", f"The filter '{text}' takes true or false after is_empty."
            )
        return [records.Condition(path, op, raw.strip().lower() == "true")]
    if op in {"gt", "gte", "lt", "lte"} and field.format not in _ORDERED:
        raise InvalidInput.one(
            "filter",
            f"Field '{field.label}' is a {field.format.label.lower()} field and cannot "
            f"be compared with {op}; use eq, ne, in or is_empty.",
        )
    if op == "contains" and field.format is FieldFormat.TEXT:
        return [records.Condition(path, op, raw)]
    if op == "in":
        values = [_filter_value(object_type, field, part) for part in raw.split(",")]
        if field.format is FieldFormat.CURRENCY:
            return [
                records.Condition(
                    f"{path}.amount_minor", "in", [v["amount_minor"] for v in values]
                )
            ]
        return [records.Condition(path, "in", values)]
    value = _filter_value(object_type, field, raw)
    if field.format is FieldFormat.CURRENCY:
        return [
            records.Condition(f"{path}.currency", "eq", value["currency"]),
            records.Condition(
                f"{path}.amount_minor",
                op if op != "contains" else "eq",
                value["amount_minor"],
            ),
        ]
    return [records.Condition(path, "eq" if op == "contains" else op, value)]


def _encode_cursor(sort: str, descending: bool, value: Any, record_id: str) -> str:
    payload = json.dumps([sort, descending, value, record_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


_SCALARS = (str, int, float, bool, type(None))


def _decode_cursor(cursor: str, sort: str, descending: bool) -> tuple[Any, str]:
    refused = InvalidInput.one(
        "cursor",
        "The cursor is not one this API gave; pass next_cursor from the last "
        "page unchanged, or leave it out to start again.",
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, RecursionError):
        raise refused from None
    # The sort value goes into the query as is: anything but a plain value (an
    # object such as {"$where": …}, say) would be read as an operator.
    if (
        not isinstance(decoded, list)
        or len(decoded) != 4
        or not isinstance(decoded[3], str)
        or not isinstance(decoded[2], _SCALARS)
    ):
        raise refused
    sort_seen, descending_seen, value, record_id = decoded
    if (sort_seen, descending_seen) != (sort, descending):
        raise InvalidInput.one(
            "cursor",
            "The cursor belongs to another sort order; keep sort and order as on "
            "the first page, or leave the cursor out to start again.",
        )
    return value, record_id


def _keyset_sort_path(object_type: ObjectType, field_key: str) -> str:
    field = object_type.field(field_key) if field_key else None
    if field is not None and field.format is FieldFormat.LIST and field.multiple:
        # A record holding several options sorts by the least (or greatest) of
        # them, but compares by any: a page boundary on such a field would skip
        # some records and repeat others.
        raise InvalidInput.one(
            "sort",
            f"Cannot sort {object_type.plural} by '{field.label}': it holds several "
            "options per record; sort by another field.",
        )
    return _sort_path(object_type, field_key)


def _naive_utc(moment: datetime) -> datetime:
    """A time as the engines store it: naive, in UTC (naive input is UTC)."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise InvalidInput.one(
            "updated_after",
            f"updated_after '{moment.isoformat()}' is out of range in UTC; give a "
            "time such as 2025-03-01T12:00:00Z.",
        ) from None


def find_records(
    ctx: Context,
    type_id: str,
    *,
    filters: list[str] | None = None,
    sort: str = "",
    descending: bool = False,
    cursor: str | None = None,
    updated_after: datetime | None = None,
    limit: int = 50,
) -> tuple[list[Record], str | None]:
    """A page of a type's records and the cursor of the next page (None at the
    end). Filters are 'field:op:value' strings, all of which must hold."""
    object_type = get_object_type(ctx, type_id)
    limit = max(1, min(limit, PAGE_SIZE_MAX))
    path = _keyset_sort_path(object_type, sort)
    conditions = [c for text in filters or [] for c in _parse_filter(object_type, text)]
    after = _decode_cursor(cursor, path, descending) if cursor else None
    if updated_after is not None:
        updated_after = _naive_utc(updated_after)

    found = records.keyset_page(
        ctx.store,
        ctx.account_id,
        object_type.id,
        conditions=conditions,
        sort=path,
        descending=descending,
        after=after,
        updated_after=updated_after,
        limit=limit + 1,
    )
    page, more = found[:limit], len(found) > limit
    if not more:
        return page, None
    last = page[-1]
    return page, _encode_cursor(
        path, descending, records.sort_value(last, path), last.id
    )


def get_record_by_external_id(ctx: Context, type_id: str, external_id: str) -> Record:
    """The record of the type with this external id; NotFound otherwise."""
    object_type = get_object_type(ctx, type_id)
    record = records.get_by_external_id(
        ctx.store, ctx.account_id, object_type.id, external_id.strip()
    )
    if record is None:
        raise NotFound(
            f"No {object_type.name} has the external id '{external_id}'; create it "
            "first, or check the type key."
        )
    return record
