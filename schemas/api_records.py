"""The API's shapes of records, batches and associations.

Money goes out as {"amount": "12.50", "currency": "BRL"}, as it comes in; the
store's minor units never leave the server.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.associations import Association, AssociationGroup
from schemas.crm import TargetKind
from schemas.money import Money
from schemas.object_types import FieldFormat, ObjectType
from schemas.records import Record


def api_values(object_type: ObjectType, values: dict[str, Any]) -> dict[str, Any]:
    shown = dict(values)
    for field in object_type.fields:
        value = shown.get(field.key)
        if field.format is FieldFormat.CURRENCY and isinstance(value, dict):
            money = Money.model_validate(value)
            shown[field.key] = {"amount": str(money.amount), "currency": money.currency}
    return shown


class RecordPublic(BaseModel):
    id: str
    type_key: str
    external_id: str | None
    display_name: str
    values: dict[str, Any]
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, object_type: ObjectType, record: Record) -> RecordPublic:
        return cls(
            id=record.id,
            type_key=object_type.key,
            external_id=record.external_id,
            display_name=record.display_name,
            values=api_values(object_type, record.values),
            created_at=record.created_at,
            updated_at=record.updated_at,
        )


class RecordCreate(BaseModel):
    values: dict[str, Any] = Field(default_factory=dict)
    external_id: str | None = None


class RecordUpdate(BaseModel):
    """Fields to change; a field set to null is cleared, others stay."""

    values: dict[str, Any]


class RecordList(BaseModel):
    data: list[RecordPublic]
    next_cursor: str | None


class BatchItemIn(BaseModel):
    external_id: str
    values: dict[str, Any] = Field(default_factory=dict)


class BatchUpsert(BaseModel):
    records: list[BatchItemIn]


class ErrorDetail(BaseModel):
    field: str
    message: str


class ItemError(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class BatchItemResult(BaseModel):
    index: int
    external_id: str
    status: Literal["created", "updated", "unchanged", "error"]
    id: str | None = None
    error: ItemError | None = None


class BatchResults(BaseModel):
    results: list[BatchItemResult]


class RecordRef(BaseModel):
    """A record by id, or by its type key and external id."""

    id: str | None = None
    type_key: str | None = None
    external_id: str | None = None


class TargetRef(BaseModel):
    """A contact or deal by id, or by external id."""

    kind: TargetKind
    id: str | None = None
    external_id: str | None = None


class AssociationCreate(BaseModel):
    record: RecordRef
    target: TargetRef
    label: str | None = None
    associated_on: date | None = Field(default=None, alias="date")

    model_config = ConfigDict(populate_by_name=True)


class AssociationPublic(BaseModel):
    id: str
    record_id: str
    type_key: str
    target: TargetRef
    label: str
    associated_on: date = Field(alias="date")

    model_config = ConfigDict(populate_by_name=True)

    @classmethod
    def of(cls, association: Association, type_key: str) -> AssociationPublic:
        return cls(
            id=association.id,
            record_id=association.record_id,
            type_key=type_key,
            target=TargetRef(kind=association.target_kind, id=association.target_id),
            label=association.label,
            associated_on=association.associated_on,
        )


class ObjectTypeBrief(BaseModel):
    key: str
    name: str
    plural: str
    icon: str


class LinkedRecord(BaseModel):
    association: AssociationPublic
    record: RecordPublic


class RecordGroup(BaseModel):
    object_type: ObjectTypeBrief
    records: list[LinkedRecord]

    @classmethod
    def of(cls, group: AssociationGroup) -> RecordGroup:
        kind = group.object_type
        return cls(
            object_type=ObjectTypeBrief(
                key=kind.key, name=kind.name, plural=kind.plural, icon=kind.icon
            ),
            records=[
                LinkedRecord(
                    association=AssociationPublic.of(item.association, kind.key),
                    record=RecordPublic.of(kind, item.record),
                )
                for item in group.items
            ],
        )
