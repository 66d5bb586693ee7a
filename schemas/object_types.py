"""Object types and their fields.

An object type is what an account defines to model its own entities (a school's
Course, an agency's Property). Its fields are typed; values are stored by the
field's key, which is derived from the label once and never changes.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from schemas.common import UtcDateTime

NAME_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 1_000

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX_LENGTH)
]


class FieldFormat(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    CURRENCY = "currency"
    DATE = "date"
    YES_NO = "yes_no"
    LIST = "list"
    LINK = "link"

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self]


FORMAT_LABELS = {
    FieldFormat.TEXT: "Text",
    FieldFormat.NUMBER: "Number",
    FieldFormat.CURRENCY: "Currency",
    FieldFormat.DATE: "Date",
    FieldFormat.YES_NO: "Yes/no",
    FieldFormat.LIST: "List",
    FieldFormat.LINK: "Link",
}


def derive_key(name: str) -> str:
    """A stable machine key from a human name: 'Preço mensal' -> 'preco_mensal',
    'Курс' -> 'курс'.

    Accents fold to their base letter; letters and digits of any script stay,
    lower-cased; anything else becomes one underscore. A name with nothing left
    (only emoji, say) gets an empty key, which callers must refuse.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = re.sub(r"[\W_]+", "_", folded.casefold()).strip("_")
    if key and key[0].isdigit():
        key = f"f_{key}"
    return key[:64]


class ListOption(BaseModel):
    """One choice of a list field; records store the key, the UI shows the label."""

    key: str
    label: Name


class FieldDefinition(BaseModel):
    key: str
    label: Name
    format: FieldFormat
    description: str = ""
    required: bool = False
    options: list[ListOption] = Field(default_factory=list)
    multiple: bool = False


class FieldInput(BaseModel):
    """What a user gives to add or edit a field; keys are derived, never given."""

    label: str
    format: FieldFormat = FieldFormat.TEXT
    description: str = ""
    required: bool = False
    options: list[str] = Field(default_factory=list)
    multiple: bool = False


class ObjectTypeInput(BaseModel):
    name: str
    plural: str = ""
    icon: str = ""
    description: str = ""


class ObjectType(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    account_id: str
    key: str
    name: str
    plural: str
    icon: str = ""
    description: str = ""
    fields: list[FieldDefinition] = Field(default_factory=list)
    primary_field: str
    version: int = 1
    archived: bool = False
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None

    def field(self, key: str) -> FieldDefinition | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def primary(self) -> FieldDefinition:
        found = self.field(self.primary_field)
        if found is None:  # pragma: no cover - services keep this invariant
            raise LookupError(f"{self.name} has no primary field {self.primary_field}")
        return found

    @property
    def title(self) -> str:
        """Icon and plural name, as headings show the type."""
        return f"{self.icon} {self.plural}".strip()
