"""Records and the Pydantic models built at runtime from their object type.

`record_model(object_type)` compiles a type's fields into a model named after the
type (a Course's is `CourseRecord`) on the shared base `RecordValues`, cached per
type id and version. Validating through it turns whatever a form or the API sent
into the values as stored: text, int or float, money as minor units, dates as ISO
strings, list option keys, URLs.

Every message reads "Field '<label>' <what is wrong>; <what to do>" so that the
pages can show it beside the field and the API can return it as is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from schemas.common import UtcDateTime
from schemas.money import Money, MoneyError, parse_money
from schemas.object_types import FieldDefinition, FieldFormat, ObjectType

TEXT_MAX_LENGTH = 10_000
LINK_MAX_LENGTH = 2_000

Normalizer = Callable[[Any], Any]


class RecordValues(BaseModel):
    """The base of every runtime record model: values by field key, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Record(BaseModel):
    id: str
    account_id: str
    type_id: str
    values: dict[str, Any]
    display_name: str
    external_id: str | None = None
    archived: bool = False
    created_at: UtcDateTime | None = None
    updated_at: UtcDateTime | None = None


class FieldProblem(BaseModel):
    """One thing wrong with one field, in words a user can act on."""

    field: str
    message: str


def _problem(reason: str) -> PydanticCustomError:
    return PydanticCustomError("record_value", reason)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _problem(f"expects text; got {type(value).__name__} '{value}'")
    if len(value) > TEXT_MAX_LENGTH:
        raise _problem(
            f"is limited to {TEXT_MAX_LENGTH:,} characters; got {len(value):,}. "
            "Shorten it"
        )
    return value


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise _problem(f"expects a number like 42 or 3.5; got '{value}'")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise _problem(f"expects a number like 42 or 3.5; got '{value}'") from None
    if not number.is_finite():
        raise _problem(f"expects a finite number; got '{value}'")
    if number == number.to_integral_value() and abs(number) < 2**53:
        return int(number)
    as_float = float(number)
    if math.isinf(as_float):  # pragma: no cover - Decimal caught most of these
        raise _problem(f"expects a finite number; got '{value}'")
    return as_float


def _currency(value: Any) -> dict[str, Any]:
    if isinstance(value, Money):
        value = value.model_dump()
    if not isinstance(value, dict):
        raise _problem(
            f"expects an amount and a currency code, like 12.50 BRL; got '{value}'"
        )
    try:
        if "amount_minor" in value and "amount" not in value:
            code = parse_money(0, value.get("currency")).currency
            minor = value["amount_minor"]
            # Minor units are exact: a float or a bool would be rounded silently.
            if isinstance(minor, bool) or not isinstance(minor, int):
                raise MoneyError(
                    f"expects whole minor units, like 1250 for 12.50; got '{minor}'"
                )
            amount = Money(amount_minor=minor, currency=code).amount
            return parse_money(amount, code).model_dump()
        if _is_empty(value.get("amount")):
            raise MoneyError("needs an amount; enter one, like 12.50")
        return parse_money(value["amount"], value.get("currency")).model_dump()
    except (MoneyError, ValueError, TypeError) as exc:
        raise _problem(str(exc)) from None


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise _problem(f"expects a date like 2025-03-01; got '{value}'") from None


_TRUE = {"true", "yes", "y", "1", "sim"}
_FALSE = {"false", "no", "n", "0", "não", "nao"}


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise _problem(f"expects yes or no; got '{value}'")


_URL = TypeAdapter(HttpUrl)


def _link(value: Any) -> str:
    text = str(value).strip()
    if len(text) > LINK_MAX_LENGTH:
        raise _problem(f"is limited to {LINK_MAX_LENGTH:,} characters; shorten it")
    try:
        _URL.validate_python(text)
    except ValidationError:
        raise _problem(
            "expects a web address starting with http:// or https://, like "
            f"https://example.com; got '{value}'"
        ) from None
    return text


def _list(field: FieldDefinition) -> Normalizer:
    by_key = {option.key: option.key for option in field.options}
    by_label = {option.label.casefold(): option.key for option in field.options}
    choices = ", ".join(option.label for option in field.options)

    def option_key(value: Any) -> str:
        text = str(value).strip()
        key = by_key.get(text) or by_label.get(text.casefold())
        if key is None:
            raise _problem(f"has no option '{value}'; choose one of: {choices}")
        return key

    def normalize(value: Any) -> str | list[str]:
        if not field.multiple:
            if isinstance(value, list):
                raise _problem(f"takes one option; choose one of: {choices}")
            return option_key(value)
        items = value if isinstance(value, list) else [value]
        keys = [option_key(item) for item in items]
        return list(dict.fromkeys(keys))

    return normalize


_NORMALIZERS: dict[FieldFormat, Normalizer] = {
    FieldFormat.TEXT: _text,
    FieldFormat.NUMBER: _number,
    FieldFormat.CURRENCY: _currency,
    FieldFormat.DATE: _date,
    FieldFormat.YES_NO: _yes_no,
    FieldFormat.LINK: _link,
}

_JSON_SCHEMAS: dict[FieldFormat, dict[str, Any]] = {
    FieldFormat.TEXT: {"type": "string", "maxLength": TEXT_MAX_LENGTH},
    FieldFormat.NUMBER: {"type": "number"},
    FieldFormat.CURRENCY: {
        "type": "object",
        "properties": {"amount": {"type": "string"}, "currency": {"type": "string"}},
    },
    FieldFormat.DATE: {"type": "string", "format": "date"},
    FieldFormat.YES_NO: {"type": "boolean"},
    FieldFormat.LINK: {"type": "string", "format": "uri"},
}


def _validator(field: FieldDefinition) -> Normalizer:
    normalize = (
        _list(field) if field.format is FieldFormat.LIST else _NORMALIZERS[field.format]
    )

    def validate(value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        if _is_empty(value):
            if field.required:
                raise _problem("is required; enter a value")
            return None
        return normalize(value)

    return validate


def _json_schema(field: FieldDefinition) -> dict[str, Any]:
    if field.format is not FieldFormat.LIST:
        schema = dict(_JSON_SCHEMAS[field.format])
    else:
        one = {"type": "string", "enum": [option.key for option in field.options]}
        schema = {"type": "array", "items": one} if field.multiple else one
    return schema | {"title": field.label, "description": field.description}


_MODELS: dict[tuple[str, int], type[RecordValues]] = {}


def _model_name(object_type: ObjectType) -> str:
    camel = "".join(part.capitalize() for part in object_type.key.split("_"))
    return f"{camel or 'Custom'}Record"


def record_model(object_type: ObjectType) -> type[RecordValues]:
    """The runtime model of a type's records, built once per type version.

    Python attribute names are positional (`f0`, `f1`…) and the field keys are
    aliases, so that a key such as `copy` or `model_config` never collides with
    Pydantic's own attributes.
    """
    cache_key = (object_type.id, object_type.version)
    cached = _MODELS.get(cache_key)
    if cached is not None:
        return cached

    definitions: dict[str, Any] = {}
    for index, field in enumerate(object_type.fields):
        annotation = Annotated[
            Any, PlainValidator(_validator(field)), WithJsonSchema(_json_schema(field))
        ]
        default = ... if field.required else None
        definitions[f"f{index}"] = (annotation, Field(default, alias=field.key))
    model: type[RecordValues] = create_model(
        _model_name(object_type), __base__=RecordValues, **definitions
    )
    _MODELS[cache_key] = model
    return model


def validate_values(
    object_type: ObjectType, values: dict[str, Any]
) -> dict[str, Any] | list[FieldProblem]:
    """The values as stored, or the problems that stop them being stored.

    Empty values are dropped, so a record holds only what was filled in.
    """
    model = record_model(object_type)
    try:
        validated = model.model_validate(values)
    except ValidationError as exc:
        return [_describe(object_type, error) for error in exc.errors()]
    dumped = validated.model_dump(by_alias=True)
    return {key: value for key, value in dumped.items() if value is not None}


def _describe(object_type: ObjectType, error: Any) -> FieldProblem:
    key = str(error["loc"][0]) if error["loc"] else ""
    field = object_type.field(key)
    if field is None:
        return FieldProblem(
            field=key,
            message=f"'{key}' is not a field of {object_type.name}; remove it or "
            "add the field to the object type first.",
        )
    reason = error["msg"]
    if error["type"] == "missing":
        reason = "is required; enter a value"
    return FieldProblem(field=key, message=f"Field '{field.label}' {reason}.")


def display_name(object_type: ObjectType, values: dict[str, Any]) -> str:
    """The record's name everywhere: its primary field's value, as text."""
    return format_value(object_type.primary, values.get(object_type.primary_field))


def format_value(field: FieldDefinition, value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None:
        return ""
    if field.format is FieldFormat.CURRENCY:
        return Money.model_validate(value).format()
    if field.format is FieldFormat.YES_NO:
        return "Yes" if value else "No"
    if field.format is FieldFormat.LIST:
        labels = {option.key: option.label for option in field.options}
        keys = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(key), str(key)) for key in keys)
    return str(value)
