"""/v1/object-types: an account's object types and their fields.

`type_key` is the type's key (or its id); `field_key` a field's key. Both come
from names once and never change, so integrations can keep them.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import ReadContext, WriteContext
from schemas.api import (
    FieldCreate,
    FieldPublic,
    FieldUpdate,
    ObjectTypeCreate,
    ObjectTypePublic,
    ObjectTypesPublic,
    ObjectTypeUpdate,
)
from schemas.object_types import FieldInput
from services import object_types

router = APIRouter(prefix="/v1/object-types", tags=["Object types"])


@router.get("")
def list_object_types(
    ctx: ReadContext, include_archived: bool = False
) -> ObjectTypesPublic:
    """The account's object types by name; archived ones only when asked."""
    found = object_types.list_object_types(ctx, include_archived=include_archived)
    return ObjectTypesPublic(data=[ObjectTypePublic.model_validate(t) for t in found])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_object_type(ctx: WriteContext, body: ObjectTypeCreate) -> ObjectTypePublic:
    """A new type with one required text field, its primary property; the key
    comes from the name."""
    created = object_types.create_object_type(ctx, **body.model_dump())
    return ObjectTypePublic.model_validate(created)


@router.get("/{type_key}")
def get_object_type(ctx: ReadContext, type_key: str) -> ObjectTypePublic:
    """One type with its fields."""
    found = object_types.get_object_type(ctx, type_key)
    return ObjectTypePublic.model_validate(found)


@router.patch("/{type_key}")
def update_object_type(
    ctx: WriteContext, type_key: str, body: ObjectTypeUpdate
) -> ObjectTypePublic:
    """Rename, re-describe, archive or restore a type, or choose its primary
    field; what is left out stays as it was."""
    changed = object_types.update_object_type(
        ctx, type_key, **body.model_dump(exclude_unset=True)
    )
    return ObjectTypePublic.model_validate(changed)


@router.delete("/{type_key}", status_code=status.HTTP_204_NO_CONTENT)
def delete_object_type(ctx: WriteContext, type_key: str) -> Response:
    """Delete a type without records; one with records must be archived."""
    object_types.delete_object_type(ctx, type_key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{type_key}/fields", status_code=status.HTTP_201_CREATED)
def add_field(ctx: WriteContext, type_key: str, body: FieldCreate) -> FieldPublic:
    """Add a field; its key comes from the label and must be new to the type."""
    changed = object_types.add_field(ctx, type_key, FieldInput(**body.model_dump()))
    # The service appends the field; its key comes from the label as the service
    # cleaned it, which deriving it again here from the raw label could miss.
    return FieldPublic.model_validate(changed.fields[-1])


@router.patch("/{type_key}/fields/{field_key}")
def update_field(
    ctx: WriteContext, type_key: str, field_key: str, body: FieldUpdate
) -> FieldPublic:
    """Relabel, re-describe or (un)require a field, or change a list's options;
    the key and format never change."""
    changed = object_types.update_field(
        ctx, type_key, field_key, **body.model_dump(exclude_unset=True)
    )
    return FieldPublic.model_validate(changed.field(field_key))


@router.delete("/{type_key}/fields/{field_key}", status_code=status.HTTP_204_NO_CONTENT)
def remove_field(ctx: WriteContext, type_key: str, field_key: str) -> Response:
    """Remove a field that no record has a value for; never the primary field."""
    object_types.remove_field(ctx, type_key, field_key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
