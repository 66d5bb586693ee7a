"""Associations between records and contacts or deals.

One link per record and contact (or deal), enforced by a unique index; the label
("student", "guardian") and the date say what the link means.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from schemas.associations import (
    LABEL_MAX_LENGTH,
    AssociatedRecord,
    Association,
    AssociationGroup,
)
from schemas.crm import TargetKind
from schemas.users import Permission
from services.context import Context
from services.crm import get_target
from services.errors import Conflict, InvalidInput, NotFound
from services.records import get_record
from store import associations, events, object_types, records
from store.engine import new_id


def _clean_label(label: str) -> str:
    clean = " ".join(label.split())
    if len(clean) > LABEL_MAX_LENGTH:
        raise InvalidInput.one(
            "label",
            f"The association label is {len(clean)} characters long; keep it within "
            f"{LABEL_MAX_LENGTH}, like 'student' or 'guardian'.",
        )
    return clean


def associate(
    ctx: Context,
    *,
    record_id: str,
    kind: TargetKind,
    target_id: str,
    label: str = "",
    associated_on: date | None = None,
) -> Association:
    """Link a record to a contact or deal, dated today unless told otherwise.

    Refused when the pair is linked already, when the record's type is archived,
    and when either side does not exist in the account.
    """
    record = get_record(ctx, record_id)
    ctx.require(Permission.EDIT_CRM, f"associate records with {kind.value}s")
    target = get_target(ctx, kind, target_id)
    object_type = object_types.get(ctx.store, ctx.account_id, record.type_id)
    if object_type is None or object_type.archived:
        raise Conflict(
            f"'{record.display_name}' belongs to an archived object type; restore "
            "the type before associating its records."
        )
    association = Association(
        id=new_id(),
        account_id=ctx.account_id,
        record_id=record.id,
        type_id=record.type_id,
        target_kind=kind,
        target_id=target.id,
        label=_clean_label(label),
        associated_on=associated_on or datetime.now(UTC).date(),
        created_at=datetime.now(UTC),
    )

    try:
        associations.insert(ctx.store, association)
    except associations.DuplicateAssociation:
        raise Conflict(
            f"{object_type.name} '{record.display_name}' is already associated with "
            f"{kind.value} '{target.name}'; remove that association first to link "
            "it again with another label or date."
        ) from None

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="association.created",
        subject=association.id,
        after=association.model_dump(mode="json"),
    )
    return association


def disassociate(ctx: Context, association_id: str) -> None:
    """Remove a link; the record and the contact or deal stay."""
    ctx.require_custom_objects()
    association = associations.get(ctx.store, ctx.account_id, association_id)
    if association is None:
        raise NotFound(
            "That association does not exist any more; it may have been removed "
            "already. Reload the page."
        )

    ctx.require(
        Permission.EDIT_CRM,
        f"remove associations from {association.target_kind.value}s",
    )
    associations.delete(ctx.store, ctx.account_id, association.id)
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="association.deleted",
        subject=association.id,
        before=association.model_dump(mode="json"),
    )


def grouped_records(
    ctx: Context, kind: TargetKind, target_id: str
) -> list[AssociationGroup]:
    """A contact's or deal's associated records, grouped by object type.

    Groups come in type-name order, records newest link first. Three queries
    whatever the number of links: the links by target, their records by id, and
    the account's types.
    """
    ctx.require_custom_objects()
    target = get_target(ctx, kind, target_id)
    links = associations.for_target(ctx.store, ctx.account_id, kind, target.id)
    if not links:
        return []
    by_id = {
        record.id: record
        for record in records.get_many(
            ctx.store, ctx.account_id, (link.record_id for link in links)
        )
    }
    groups: list[AssociationGroup] = []
    for object_type in object_types.list_all(ctx.store, ctx.account_id):
        items = [
            AssociatedRecord(association=link, record=by_id[link.record_id])
            for link in links
            if link.type_id == object_type.id and link.record_id in by_id
        ]
        if items:
            items.sort(key=lambda item: item.association.associated_on, reverse=True)
            groups.append(AssociationGroup(object_type=object_type, items=items))
    return groups


def link(
    ctx: Context,
    *,
    record_id: str,
    kind: TargetKind,
    target_id: str,
    label: str | None = None,
    associated_on: date | None = None,
) -> tuple[Association, bool]:
    """Associate idempotently: the same pair again returns the existing link,
    its label changed when a new one is given; True when the link is new.

    For integrations that retry: any number of calls, however concurrent,
    leave one link. A link of an archived type is returned but not relabelled.
    """
    try:
        created = associate(
            ctx,
            record_id=record_id,
            kind=kind,
            target_id=target_id,
            label=label or "",
            associated_on=associated_on,
        )
    except Conflict as error:
        refused = error
    else:
        return created, True

    existing = associations.find_for_pair(
        ctx.store, ctx.account_id, record_id, kind, target_id
    )
    if existing is None:
        raise refused
    clean = _clean_label(label) if label is not None else existing.label
    if clean == existing.label:
        return existing, False
    object_type = object_types.get(ctx.store, ctx.account_id, existing.type_id)
    if object_type is None or object_type.archived:
        raise refused
    associations.set_label(ctx.store, ctx.account_id, existing.id, clean)
    changed = existing.model_copy(update={"label": clean})
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="association.updated",
        subject=existing.id,
        before=existing.model_dump(mode="json"),
        after=changed.model_dump(mode="json"),
    )
    return changed, False
