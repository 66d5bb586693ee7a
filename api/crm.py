"""/v1/contacts and /v1/deals: the CRM records that records are associated with.

Integrations keep them in step by their own ids: PUT …/by-external-id/{id}
creates the one contact (or deal) with that id, or replaces it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from api.deps import ReadContext, WriteContext
from schemas.api import (
    ContactCreate,
    ContactPublic,
    ContactsPublic,
    ContactUpsert,
    DealCreate,
    DealPublic,
    DealsPublic,
    DealUpsert,
)
from schemas.crm import Contact, Deal, TargetKind
from services import crm
from services.pagination import LIMIT_MAX

router = APIRouter(tags=["Contacts and deals"])

Search = Annotated[str, Query(description="Part of the name (or a contact's email).")]
Cursor = Annotated[str, Query(description="The next_cursor of the previous page.")]
Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description="Items per page.")]

CREATED_CONTACT: dict[int | str, dict[str, Any]] = {
    201: {"model": ContactPublic, "description": "Created."}
}
CREATED_DEAL: dict[int | str, dict[str, Any]] = {
    201: {"model": DealPublic, "description": "Created."}
}


def _created(response: Response, created: bool) -> None:
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK


@router.get("/v1/contacts")
def list_contacts(
    ctx: ReadContext, search: Search = "", cursor: Cursor = "", limit: Limit = 50
) -> ContactsPublic:
    """Contacts by name, a page at a time."""
    page = crm.list_contacts(ctx, search=search, cursor=cursor, limit=limit)
    data = [ContactPublic.of(contact) for contact in page.items]
    return ContactsPublic(data=data, next_cursor=page.next_cursor)


@router.post("/v1/contacts", status_code=status.HTTP_201_CREATED)
def create_contact(ctx: WriteContext, body: ContactCreate) -> ContactPublic:
    """A new contact; its external id, if given, must be new to the account."""
    contact = crm.create_contact(ctx, body, external_id=body.external_id)
    return ContactPublic.of(contact)


@router.get("/v1/contacts/{contact_id}")
def get_contact(ctx: ReadContext, contact_id: str) -> ContactPublic:
    """One contact by its id."""
    contact = crm.get_target(ctx, TargetKind.CONTACT, contact_id)
    assert isinstance(contact, Contact)
    return ContactPublic.of(contact)


@router.put("/v1/contacts/by-external-id/{external_id}", responses=CREATED_CONTACT)
def upsert_contact(
    ctx: WriteContext, external_id: str, body: ContactUpsert, response: Response
) -> ContactPublic:
    """Create (201) or replace (200) the one contact with this external id."""
    contact, created = crm.upsert_contact(ctx, external_id, body)
    _created(response, created)
    return ContactPublic.of(contact)


@router.get("/v1/deals")
def list_deals(
    ctx: ReadContext, search: Search = "", cursor: Cursor = "", limit: Limit = 50
) -> DealsPublic:
    """Deals by name, a page at a time."""
    page = crm.list_deals(ctx, search=search, cursor=cursor, limit=limit)
    data = [DealPublic.of(deal) for deal in page.items]
    return DealsPublic(data=data, next_cursor=page.next_cursor)


@router.post("/v1/deals", status_code=status.HTTP_201_CREATED)
def create_deal(ctx: WriteContext, body: DealCreate) -> DealPublic:
    """A new deal; its contact, if given, must be one of the account's."""
    deal = crm.create_deal(ctx, body, external_id=body.external_id)
    return DealPublic.of(deal)


@router.get("/v1/deals/{deal_id}")
def get_deal(ctx: ReadContext, deal_id: str) -> DealPublic:
    """One deal by its id."""
    deal = crm.get_target(ctx, TargetKind.DEAL, deal_id)
    assert isinstance(deal, Deal)
    return DealPublic.of(deal)


@router.put("/v1/deals/by-external-id/{external_id}", responses=CREATED_DEAL)
def upsert_deal(
    ctx: WriteContext, external_id: str, body: DealUpsert, response: Response
) -> DealPublic:
    """Create (201) or replace (200) the one deal with this external id."""
    deal, created = crm.upsert_deal(ctx, external_id, body)
    _created(response, created)
    return DealPublic.of(deal)
