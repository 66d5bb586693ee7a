"""The shapes of the public API's requests and responses.

Named as roles: `…Public` is what a response holds, `…Create` the body that
creates, `…Update` the body of a PATCH (every field optional: what is left out
stays as it was). Ids are strings, times ISO 8601 in UTC, dates ISO 8601 and
money {"amount": "12.50", "currency": "BRL"}. Request bodies refuse keys they do
not know, so that a misspelt key is an error rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schemas.crm import Contact, ContactInput, Deal, DealInput
from schemas.money import Money, MoneyAmount
from schemas.object_types import FieldFormat


def _utc(value: datetime) -> datetime:
    # The engines give back naive datetimes, every stored one UTC, and keep
    # milliseconds only: a response to a write shows what later reads will.
    value = value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


Timestamp = Annotated[datetime, AfterValidator(_utc)]


def money_out(value: Money | Mapping[str, Any] | None) -> MoneyAmount | None:
    """Money as stored ({"amount_minor": 1250, "currency": "BRL"}) in the API's
    shape ({"amount": "12.50", "currency": "BRL"}); None stays None."""
    if value is None:
        return None
    money = value if isinstance(value, Money) else Money.model_validate(value)
    return MoneyAmount.of(money)


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors -----------------------------------------------------------------


class ErrorDetail(BaseModel):
    field: str = Field(description='The field at fault, or "" for the whole.')
    message: str


class ErrorBody(BaseModel):
    code: str = Field(
        description="Stable and machine-readable: bad_request, unauthorized, "
        "permission_denied, module_disabled, not_found, conflict, invalid, "
        "rate_limited, internal_error."
    )
    message: str = Field(description="What is wrong and what to do, for people.")
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    """The one shape of every error the API answers."""

    error: ErrorBody


# --- object types and fields ------------------------------------------------


class OptionPublic(_Public):
    key: str
    label: str


class FieldPublic(_Public):
    key: str
    label: str
    format: FieldFormat
    description: str
    required: bool
    options: list[OptionPublic]
    multiple: bool


class FieldCreate(_Input):
    label: str = Field(
        description="The key is derived from it once: 'Start date' -> start_date."
    )
    format: FieldFormat = FieldFormat.TEXT
    description: str = ""
    required: bool = False
    options: list[str] = Field(
        default_factory=list, description="The choices of a list field, as labels."
    )
    multiple: bool = Field(False, description="A list field that takes several.")


class FieldUpdate(_Input):
    label: str | None = None
    description: str | None = None
    required: bool | None = None
    options: list[str] | None = Field(
        None,
        description="A list field's choices, as labels; a label kept keeps its "
        "key. An option in use cannot be dropped.",
    )


class ObjectTypePublic(_Public):
    id: str
    key: str
    name: str
    plural: str
    icon: str
    description: str
    primary_field: str
    fields: list[FieldPublic]
    version: int
    archived: bool
    created_at: Timestamp | None
    updated_at: Timestamp | None


class ObjectTypesPublic(BaseModel):
    data: list[ObjectTypePublic]


class ObjectTypeCreate(_Input):
    name: str = Field(
        description="The key is derived from it once: 'Matrícula' -> matricula."
    )
    plural: str = ""
    icon: str = ""
    description: str = ""
    primary_label: str = Field(
        "Name", description="The label of the primary field, created with the type."
    )


class ObjectTypeUpdate(_Input):
    name: str | None = None
    plural: str | None = None
    icon: str | None = None
    description: str | None = None
    primary_field: str | None = Field(
        None, description="The key of the field that names records."
    )
    archived: bool | None = None


# --- contacts and deals -------------------------------------------------------


class ContactPublic(_Public):
    id: str
    name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    tags: list[str]
    external_id: str | None
    created_at: Timestamp | None

    @classmethod
    def of(cls, contact: Contact) -> ContactPublic:
        return cls.model_validate(contact)


class ContactsPublic(BaseModel):
    data: list[ContactPublic]
    next_cursor: str | None = Field(
        description="Pass it as `cursor` for the next page; null on the last."
    )


class ContactUpsert(ContactInput):
    model_config = ConfigDict(extra="forbid")


class ContactCreate(ContactUpsert):
    external_id: str | None = Field(
        None, description="The id your system knows the contact by; unique."
    )


class DealPublic(_Public):
    id: str
    name: str
    stage: str
    amount: MoneyAmount | None
    contact_id: str | None
    close_date: date | None
    external_id: str | None
    created_at: Timestamp | None

    @classmethod
    def of(cls, deal: Deal) -> DealPublic:
        return cls.model_validate(
            deal.model_dump() | {"amount": money_out(deal.amount)}
        )


class DealsPublic(BaseModel):
    data: list[DealPublic]
    next_cursor: str | None = Field(
        description="Pass it as `cursor` for the next page; null on the last."
    )


class DealUpsert(DealInput):
    model_config = ConfigDict(extra="forbid")


class DealCreate(DealUpsert):
    external_id: str | None = Field(
        None, description="The id your system knows the deal by; unique."
    )
