"""Associations: POST /v1/associations (idempotent), DELETE, and a contact's or
deal's records grouped by type."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from api.deps import ReadContext, WriteContext
from schemas.api_records import AssociationCreate, AssociationPublic, RecordGroup
from schemas.crm import TargetKind
from services import associations, crm, object_types, records
from services.context import Context
from services.errors import InvalidInput

router = APIRouter(tags=["Associations"])


def _record_id(ctx: Context, body: AssociationCreate) -> str:
    ref = body.record
    if ref.id:
        return records.get_record(ctx, ref.id).id
    if ref.type_key and ref.external_id:
        object_type = object_types.get_object_type(ctx, ref.type_key)
        return records.get_record_by_external_id(
            ctx, object_type.id, ref.external_id
        ).id
    raise InvalidInput.one(
        "record",
        "Name the record by its id, or by its type_key and external_id.",
    )


def _target_id(ctx: Context, body: AssociationCreate) -> str:
    ref = body.target
    if ref.id:
        return crm.get_target(ctx, ref.kind, ref.id).id
    if ref.external_id:
        return crm.get_target_by_external_id(ctx, ref.kind, ref.external_id).id
    raise InvalidInput.one(
        "target", f"Name the {ref.kind.value} by its id or by its external_id."
    )


LINKED_ALREADY: dict[int | str, dict[str, Any]] = {
    200: {
        "model": AssociationPublic,
        "description": "The pair was linked already: the existing link, its label "
        "updated when one was given.",
    }
}


@router.post(
    "/v1/associations", status_code=status.HTTP_201_CREATED, responses=LINKED_ALREADY
)
def create_association(
    ctx: WriteContext, body: AssociationCreate, response: Response
) -> AssociationPublic:
    """Link a record to a contact or deal; the same pair again answers 200 with
    the existing link (its label updated when one is given)."""
    link, created = associations.link(
        ctx,
        record_id=_record_id(ctx, body),
        kind=body.target.kind,
        target_id=_target_id(ctx, body),
        label=body.label,
        associated_on=body.associated_on,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    object_type = object_types.get_object_type(ctx, link.type_id)
    return AssociationPublic.of(link, object_type.key)


@router.delete(
    "/v1/associations/{association_id}", status_code=status.HTTP_204_NO_CONTENT
)
def delete_association(ctx: WriteContext, association_id: str) -> None:
    """Remove a link; the record and the contact or deal stay."""
    associations.disassociate(ctx, association_id)


@router.get("/v1/contacts/{contact_id}/records")
def contact_records(ctx: ReadContext, contact_id: str) -> list[RecordGroup]:
    """The contact's associated records, grouped by object type."""
    groups = associations.grouped_records(ctx, TargetKind.CONTACT, contact_id)
    return [RecordGroup.of(group) for group in groups]


@router.get("/v1/deals/{deal_id}/records")
def deal_records(ctx: ReadContext, deal_id: str) -> list[RecordGroup]:
    """The deal's associated records, grouped by object type."""
    groups = associations.grouped_records(ctx, TargetKind.DEAL, deal_id)
    return [RecordGroup.of(group) for group in groups]
