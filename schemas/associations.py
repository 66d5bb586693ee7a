"""Associations: a record linked to a contact or a deal, with a label and a date."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from schemas.common import UtcDateTime
from schemas.crm import TargetKind
from schemas.object_types import ObjectType
from schemas.records import Record

LABEL_MAX_LENGTH = 80


class Association(BaseModel):
    id: str
    account_id: str
    record_id: str
    type_id: str
    target_kind: TargetKind
    target_id: str
    label: str = ""
    associated_on: date
    created_at: UtcDateTime | None = None


class AssociatedRecord(BaseModel):
    """One line of a contact's or deal's associations: the link and its record."""

    association: Association
    record: Record


class AssociationGroup(BaseModel):
    """A contact's or deal's associated records of one object type."""

    object_type: ObjectType
    items: list[AssociatedRecord]
