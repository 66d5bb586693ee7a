"""The standard CRM records that custom object records are associated with."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.common import UtcDateTime
from schemas.money import Money, MoneyAmount


class TargetKind(StrEnum):
    """What a record can be associated with; companies and conversations cannot."""

    CONTACT = "contact"
    DEAL = "deal"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Contact(BaseModel):
    id: str
    account_id: str
    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    tags: list[str] = Field(default_factory=list)
    external_id: str | None = None
    created_at: UtcDateTime | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Deal(BaseModel):
    id: str
    account_id: str
    name: str
    stage: str
    amount: Money | None = None
    contact_id: str | None = None
    close_date: str | None = None
    external_id: str | None = None
    created_at: UtcDateTime | None = None


class ContactInput(BaseModel):
    """What a user or an integration gives to create or update a contact."""

    first_name: str
    last_name: str = ""
    email: str = ""
    phone: str = ""
    tags: list[str] = Field(default_factory=list)


class DealInput(BaseModel):
    """What a user or an integration gives to create or update a deal."""

    name: str
    stage: str
    amount: MoneyAmount | None = None
    contact_id: str | None = None
    close_date: date | None = None
