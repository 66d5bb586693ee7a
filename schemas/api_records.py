"""The API's shapes of records, batches and associations.

Money goes out as {"amount": "12.50", "currency": "BRL"}, as it comes in; the
store's minor units never leave the server. Dates are ISO 8601 (2025-03-01).
Request bodies refuse keys they do not know, as in `schemas.api`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from schemas.api import ErrorBody, Timestamp, money_out
from schemas.associations import Association, AssociationGroup
from schemas.crm import TargetKind
from schemas.object_types import FieldFormat, ObjectType
from schemas.records import Record


def api_values(object_type: ObjectType, values: dict[str, Any]) -> dict[str, Any]:
    """A record's stored values in the API's shape: money as a decimal string."""
    shown = dict(values)
    for field in object_type.fields:
        if field.format is FieldFormat.CURRENCY and shown.get(field.key) is not None:
            money = money_out(shown[field.key])
            shown[field.key] = money.model_dump() if money else None
    return shown


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordPublic(BaseModel):
    id: str
    type_key: str
    external_id: str | None
    display_name: str
    values: dict[str, Any] = Field(
        description='By field key; money as {"amount": "12.50", '
        '"currency": "BRL"}, dates as 2025-03-01, list fields as option keys.'
    )
    created_at: Timestamp | None
    updated_at: Timestamp | None

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


_VALUES_EXAMPLE: dict[str, JsonValue] = {
    "name": "Álgebra I",
    "code": "MAT-101",
    "monthly_fee": {"amount": "450.00", "currency": "BRL"},
    "start_date": "2025-03-01",
}


class RecordCreate(_Input):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"values": _VALUES_EXAMPLE, "external_id": "crm-1042"}]
        }
    )

    values: dict[str, Any] = Field(
        default_factory=dict,
        description="By field key; checked against the type's fields.",
    )
    external_id: str | None = Field(
        None, description="The id your system knows the record by; unique per type."
    )


class RecordUpdate(_Input):
    """Values by field key. PATCH changes only those given (null clears one);
    PUT by external id sets them all."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"values": _VALUES_EXAMPLE}]}
    )

    values: dict[str, Any]


class RecordList(BaseModel):
    data: list[RecordPublic]
    next_cursor: str | None = Field(
        description="Pass it as `cursor` for the next page; null on the last."
    )


class BatchItemIn(_Input):
    external_id: str
    values: dict[str, Any] = Field(default_factory=dict)


class BatchUpsert(_Input):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "records": [
                        {"external_id": "crm-1042", "values": _VALUES_EXAMPLE},
                        {"external_id": "crm-1043", "values": {"name": "Álgebra II"}},
                    ]
                }
            ]
        },
    )

    records: list[BatchItemIn] = Field(
        description="Up to 1,000 records, each external id once."
    )


class BatchItemResult(BaseModel):
    index: int = Field(description="The item's position in `records`, from 0.")
    external_id: str
    status: Literal["created", "updated", "unchanged", "error"]
    id: str | None = Field(None, description="The record's id; null on error.")
    error: ErrorBody | None = None


class BatchResults(BaseModel):
    results: list[BatchItemResult]


class RecordRef(_Input):
    """A record by id, or by its type key and external id."""

    id: str | None = None
    type_key: str | None = None
    external_id: str | None = None


class TargetRef(_Input):
    """A contact or deal by id, or by external id."""

    kind: TargetKind
    id: str | None = None
    external_id: str | None = None


class AssociationCreate(_Input):
    """The record and the contact or deal, each by id or by external id."""

    record: RecordRef
    target: TargetRef
    label: str | None = Field(
        None, description="What the link means, like 'student'; kept when left out."
    )
    associated_on: date | None = Field(
        default=None, alias="date", description="Today when left out."
    )

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "record": {"type_key": "course", "external_id": "crm-1042"},
                    "target": {"kind": "contact", "external_id": "crm-contact-7"},
                    "label": "student",
                    "date": "2025-03-01",
                }
            ]
        },
    )


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
