"""Object types and their fields: the schema an account builds without code.

Keys are derived from names once, when the type or field is created, and never
change afterwards, so renaming a label touches no record. Every change bumps the
type's version, which is also what invalidates its cached record model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from schemas.object_types import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    FieldDefinition,
    FieldFormat,
    FieldInput,
    ListOption,
    ObjectType,
    derive_key,
)
from schemas.records import display_name
from schemas.users import Permission
from services.context import Context
from services.errors import Conflict, InvalidInput, NotFound
from store import events, object_types, records
from store.engine import new_id

logger = logging.getLogger(__name__)

DEFAULT_ICON = ":material/category:"
PRIMARY_FORMATS = {
    FieldFormat.TEXT,
    FieldFormat.NUMBER,
    FieldFormat.CURRENCY,
    FieldFormat.DATE,
    FieldFormat.LIST,
    FieldFormat.LINK,
}


def list_object_types(
    ctx: Context, *, include_archived: bool = False
) -> list[ObjectType]:
    """The account's object types by name; archived ones only when asked."""
    ctx.require_custom_objects()
    found = object_types.list_all(ctx.store, ctx.account_id)
    return [t for t in found if include_archived or not t.archived]


def get_object_type(ctx: Context, type_id: str) -> ObjectType:
    """The type with this id or key, archived or not; NotFound otherwise."""
    ctx.require_custom_objects()
    found = object_types.get(ctx.store, ctx.account_id, type_id)
    found = found or object_types.get_by_key(ctx.store, ctx.account_id, type_id)
    if found is None:
        raise NotFound(
            f"Object type '{type_id}' does not exist in this account; pick one "
            "from the object types page."
        )
    return found


def _clean_name(value: str, what: str, example: str, field: str = "name") -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput.one(
            field, f"{what} is empty; enter a name such as '{example}'."
        )
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput.one(
            field,
            f"{what} '{name[:20]}…' is {len(name)} characters long; keep it within "
            f"{NAME_MAX_LENGTH}.",
        )
    return name


def _clean_description(value: str) -> str:
    description = value.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidInput.one(
            "description",
            f"The description is {len(description):,} characters long; keep it "
            f"within {DESCRIPTION_MAX_LENGTH:,}.",
        )
    return description


def _default_plural(name: str) -> str:
    """'Course' -> 'Courses'; a name ending in anything but a letter, such as
    an emoji, is left as it is rather than given a stray 's'."""
    return f"{name}s" if name[-1].isalpha() else name


def _check_name_free(ctx: Context, name: str, key: str, type_id: str = "") -> None:
    same_name = object_types.find_by_name(ctx.store, ctx.account_id, name)
    if same_name and same_name.id != type_id:
        raise Conflict(
            f"An object type named '{same_name.name}' already exists; choose "
            "another name."
        )
    same_key = object_types.get_by_key(ctx.store, ctx.account_id, key)
    if same_key and same_key.id != type_id:
        raise Conflict(
            f"The name '{name}' gives the key '{key}', which the object type "
            f"'{same_key.name}' already uses; choose a more distinct name."
        )


def create_object_type(
    ctx: Context,
    *,
    name: str,
    plural: str = "",
    icon: str = "",
    description: str = "",
    primary_label: str = "Name",
) -> ObjectType:
    """A new type with one required text field, its primary property.

    The key comes from the name ('Matrícula' -> 'matricula'); the name must be
    unique in the account, ignoring case, and so must the key.
    """
    ctx.require_custom_objects()
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "create object types")
    name = _clean_name(name, "The object type name", "Course")
    key = derive_key(name)
    if not key:
        raise InvalidInput.one(
            "name",
            f"The object type name '{name}' needs at least one letter or digit.",
        )
    _check_name_free(ctx, name, key)
    primary = _new_field(
        [], FieldInput(label=primary_label or "Name", format=FieldFormat.TEXT)
    ).model_copy(update={"required": True})
    now = datetime.now(UTC)
    object_type = ObjectType(
        id=new_id(),
        account_id=ctx.account_id,
        key=key,
        name=name,
        plural=_clean_name(plural, "The plural name", "Courses", "plural")
        if plural.strip()
        else _default_plural(name),
        icon=icon.strip() or DEFAULT_ICON,
        description=_clean_description(description),
        fields=[primary],
        primary_field=primary.key,
        created_at=now,
        updated_at=now,
    )

    try:
        object_types.insert(ctx.store, object_type)
    except object_types.DuplicateObjectType:
        raise Conflict(
            f"An object type named '{name}' already exists; choose another name."
        ) from None

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="object_type.created",
        subject=object_type.id,
        after=object_type.model_dump(mode="json"),
    )
    return object_type


def _change(
    ctx: Context, type_id: str, action: str, change: Callable[[ObjectType], ObjectType]
) -> ObjectType:
    """Apply `change` to the stored type and write it as the next version."""
    current = get_object_type(ctx, type_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "change object types")
    changed = change(current).model_copy(
        update={"version": current.version + 1, "updated_at": datetime.now(UTC)}
    )

    try:
        written = object_types.replace(
            ctx.store, changed, expected_version=current.version
        )
    except object_types.DuplicateObjectType:
        raise Conflict(
            f"An object type named '{changed.name}' already exists; choose another "
            "name."
        ) from None
    if not written:
        raise Conflict(
            f"Object type '{current.name}' was changed by someone else meanwhile; "
            "reload it and try again."
        )

    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action=action,
        subject=current.id,
        before=current.model_dump(mode="json"),
        after=changed.model_dump(mode="json"),
    )
    return changed


def update_object_type(
    ctx: Context,
    type_id: str,
    *,
    name: str | None = None,
    plural: str | None = None,
    icon: str | None = None,
    description: str | None = None,
    primary_field: str | None = None,
    archived: bool | None = None,
) -> ObjectType:
    """Change what is given, in one new version; None keeps it. The key stays.

    A new primary field becomes required and every record's display name is
    rewritten from it; `archived` hides or restores the type. Given nothing, the
    type is returned as it is, unwritten.
    """
    if all(
        value is None
        for value in (name, plural, icon, description, primary_field, archived)
    ):
        current = get_object_type(ctx, type_id)
        ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "change object types")
        return current

    def edit(current: ObjectType) -> ObjectType:
        # Checked here, after the module and the permission: a viewer or an
        # account without the module hears that first, not a name problem.
        update: dict[str, object] = {}
        if name is not None:
            update["name"] = _clean_name(name, "The object type name", "Course")
            if str(update["name"]).lower() != current.name.lower():
                _check_name_free(ctx, str(update["name"]), current.key, current.id)
        if plural is not None:
            update["plural"] = _clean_name(
                plural, "The plural name", "Courses", "plural"
            )
        if icon is not None:
            update["icon"] = icon.strip() or current.icon
        if description is not None:
            update["description"] = _clean_description(description)
        if archived is not None:
            update["archived"] = archived
        changed = current.model_copy(update=update)
        if primary_field is not None and primary_field != current.primary_field:
            changed = _with_primary(ctx, changed, primary_field)
        return changed

    changed = _change(ctx, type_id, "object_type.updated", edit)
    if primary_field is not None:
        _rewrite_display_names(ctx, changed)
    return changed


def _options(
    field_label: str, labels: list[str], keep: list[ListOption]
) -> list[ListOption]:
    """Options from labels; existing options keep their keys.

    A label that matches an existing option, ignoring case, keeps its key; a new
    label in the place of an option whose label is gone is a rename and keeps
    that option's key. Matching by label first means that dropping an option
    never hands its key (and so its records) to the option after it.
    """
    cleaned = [" ".join(label.split()) for label in labels]
    cleaned = [label for label in cleaned if label]
    if not cleaned:
        raise InvalidInput.one(
            "options",
            f"List field '{field_label}' needs at least one option; add options "
            "such as 'Beginner' and 'Advanced'.",
        )
    if len({label.casefold() for label in cleaned}) < len(cleaned):
        twice = next(
            label
            for i, label in enumerate(cleaned)
            if label.casefold() in {x.casefold() for x in cleaned[:i]}
        )
        raise InvalidInput.one(
            "options",
            f"List field '{field_label}' has the option '{twice}' twice; give "
            "each option a different label.",
        )
    by_label = {option.label.casefold(): option for option in keep}
    wanted = {label.casefold() for label in cleaned}
    used = {option.key for option in keep}
    options: list[ListOption] = []
    for index, label in enumerate(cleaned):
        same = by_label.get(label.casefold())
        if (
            same is None
            and index < len(keep)
            and keep[index].label.casefold() not in wanted
        ):
            same = keep[index]
        if same is not None:
            options.append(ListOption(key=same.key, label=label))
            continue
        key = base = derive_key(label) or "option"
        suffix = 2
        while key in used:
            key = f"{base}_{suffix}"
            suffix += 1
        used.add(key)
        options.append(ListOption(key=key, label=label))
    return options


def _new_field(existing: list[FieldDefinition], spec: FieldInput) -> FieldDefinition:
    label = " ".join(spec.label.split())
    if not label:
        raise InvalidInput.one(
            "label", "The field label is empty; enter a label such as 'Start date'."
        )
    if len(label) > NAME_MAX_LENGTH:
        raise InvalidInput.one(
            "label",
            f"The field label is {len(label)} characters long; keep it within "
            f"{NAME_MAX_LENGTH}.",
        )
    key = derive_key(label)
    if not key:
        raise InvalidInput.one(
            "label", f"The field label '{label}' needs at least one letter or digit."
        )
    clash = next((f for f in existing if f.key == key), None)
    if clash is not None:
        raise InvalidInput.one(
            "label",
            f"Field '{label}' would get the key '{key}', which field '{clash.label}' "
            "already uses; choose another label.",
        )
    options: list[ListOption] = []
    if spec.format is FieldFormat.LIST:
        options = _options(label, spec.options, [])
    return FieldDefinition(
        key=key,
        label=label,
        format=spec.format,
        description=_clean_description(spec.description),
        required=spec.required,
        options=options,
        multiple=spec.multiple and spec.format is FieldFormat.LIST,
    )


def add_field(ctx: Context, type_id: str, spec: FieldInput) -> ObjectType:
    """Append a field; its key comes from the label and must be new to the type."""

    def append(current: ObjectType) -> ObjectType:
        field = _new_field(current.fields, spec)
        return current.model_copy(update={"fields": [*current.fields, field]})

    return _change(ctx, type_id, "object_type.field_added", append)


def _field_of(object_type: ObjectType, field_key: str) -> FieldDefinition:
    field = object_type.field(field_key)
    if field is None:
        raise NotFound(
            f"Field '{field_key}' is not a field of {object_type.name}; pick one of "
            f"its fields: {', '.join(f.label for f in object_type.fields)}."
        )
    return field


def update_field(
    ctx: Context,
    type_id: str,
    field_key: str,
    *,
    label: str | None = None,
    description: str | None = None,
    required: bool | None = None,
    options: list[str] | None = None,
) -> ObjectType:
    """Relabel, re-describe or (un)require a field; None keeps what it was.

    The key and format never change; list options keep their keys, and an
    option can only be dropped while no record uses it. Only list fields take
    options, and the primary field stays required.
    """

    def edit(current: ObjectType) -> ObjectType:
        field = _field_of(current, field_key)
        if options is not None and field.format is not FieldFormat.LIST:
            raise InvalidInput.one(
                "options",
                f"Field '{field.label}' is a {field.format.label.lower()} field; "
                "only list fields have options, so leave them out.",
            )
        others = [f for f in current.fields if f.key != field_key]
        relabelled = _new_field(
            [],
            FieldInput(
                label=field.label if label is None else label,
                format=FieldFormat.TEXT,
                description=field.description if description is None else description,
            ),
        )
        clash = next(
            (f for f in others if f.label.casefold() == relabelled.label.casefold()),
            None,
        )
        if clash is not None:
            raise InvalidInput.one(
                "label",
                f"Field '{clash.label}' already has that label; choose another.",
            )
        keep_required = field.required if required is None else required
        update: dict[str, object] = {
            "label": relabelled.label,
            "description": relabelled.description,
            "required": keep_required or field_key == current.primary_field,
        }
        if field.format is FieldFormat.LIST and options is not None:
            new_options = _options(relabelled.label, options, field.options)
            _refuse_dropping_used_options(ctx, current, field, new_options)
            update["options"] = new_options
        fields = [
            f.model_copy(update=update) if f.key == field_key else f
            for f in current.fields
        ]
        return current.model_copy(update={"fields": fields})

    changed = _change(ctx, type_id, "object_type.field_updated", edit)
    if field_key == changed.primary_field and options is not None:
        _rewrite_display_names(ctx, changed)  # the names show option labels
    return changed


def remove_field(ctx: Context, type_id: str, field_key: str) -> ObjectType:
    """Remove a field that no record has a value for; never the primary field.

    Records keep values by key, so removing a field that holds values would
    leave them stranded: those records must be cleared first.
    """

    def remove(current: ObjectType) -> ObjectType:
        field = _field_of(current, field_key)
        if field_key == current.primary_field:
            raise Conflict(
                f"Field '{field.label}' is the primary property of {current.name} "
                "and cannot be removed; make another field the primary property "
                "first."
            )
        used = records.count_with_field(
            ctx.store, ctx.account_id, current.id, field_key
        )
        if used:
            raise Conflict(
                f"Field '{field.label}' has a value in {used} "
                f"{current.plural if used > 1 else current.name}; clear it in those "
                "records first, then remove the field."
            )
        fields = [f for f in current.fields if f.key != field_key]
        return current.model_copy(update={"fields": fields})

    return _change(ctx, type_id, "object_type.field_removed", remove)


def _refuse_dropping_used_options(
    ctx: Context,
    object_type: ObjectType,
    field: FieldDefinition,
    kept: list[ListOption],
) -> None:
    kept_keys = {option.key for option in kept}
    for option in field.options:
        if option.key in kept_keys:
            continue
        used = records.count_with_value(
            ctx.store, ctx.account_id, object_type.id, field.key, option.key
        )
        if used:
            raise Conflict(
                f"Option '{option.label}' of field '{field.label}' is used by {used} "
                f"{object_type.plural if used > 1 else object_type.name}; change "
                "those records first, or rename the option instead."
            )


def move_field(ctx: Context, type_id: str, field_key: str, offset: int) -> ObjectType:
    """Move a field up (-1) or down (+1) in the form and table order."""

    def move(current: ObjectType) -> ObjectType:
        field = _field_of(current, field_key)
        fields = list(current.fields)
        index = fields.index(field)
        target = max(0, min(len(fields) - 1, index + offset))
        fields.insert(target, fields.pop(index))
        return current.model_copy(update={"fields": fields})

    return _change(ctx, type_id, "object_type.field_moved", move)


def _with_primary(ctx: Context, current: ObjectType, field_key: str) -> ObjectType:
    field = current.field(field_key)
    if field is None:
        raise InvalidInput.one(
            "primary_field",
            f"'{field_key}' is not a field of {current.name}; choose one of its "
            "fields as the primary property.",
        )
    if field.format not in PRIMARY_FORMATS:
        raise InvalidInput.one(
            "primary_field",
            f"Field '{field.label}' is a yes/no field and cannot be the primary "
            "property; choose a text, number, date, list or link field.",
        )
    total = records.count(ctx.store, ctx.account_id, current.id)
    missing = total - records.count_with_field(
        ctx.store, ctx.account_id, current.id, field_key
    )
    if missing:
        raise Conflict(
            f"{missing} of {total} {current.plural} have no '{field.label}', so they "
            "would have no name; fill it in on every record first, or choose a "
            "field that every record has."
        )
    fields = [
        f.model_copy(update={"required": True}) if f.key == field_key else f
        for f in current.fields
    ]
    return current.model_copy(update={"fields": fields, "primary_field": field_key})


def set_primary_field(ctx: Context, type_id: str, field_key: str) -> ObjectType:
    """Make a field the record's name everywhere; it becomes required.

    Yes/no fields cannot name a record. Every record's display name is
    rewritten from the new field.
    """
    changed = _change(
        ctx,
        type_id,
        "object_type.primary_changed",
        lambda current: _with_primary(ctx, current, field_key),
    )
    _rewrite_display_names(ctx, changed)
    return changed


def _rewrite_display_names(ctx: Context, object_type: ObjectType) -> None:
    names = {
        record.id: display_name(object_type, record.values)
        for record in records.find_by_type(ctx.store, ctx.account_id, object_type.id)
    }
    records.set_display_names(ctx.store, ctx.account_id, names)


def archive_object_type(ctx: Context, type_id: str) -> ObjectType:
    """Hide a type from pickers and new links; its records and links stay."""
    return _change(
        ctx,
        type_id,
        "object_type.archived",
        lambda t: t.model_copy(update={"archived": True}),
    )


def restore_object_type(ctx: Context, type_id: str) -> ObjectType:
    return _change(
        ctx,
        type_id,
        "object_type.restored",
        lambda t: t.model_copy(update={"archived": False}),
    )


def delete_object_type(ctx: Context, type_id: str) -> None:
    """Delete a type that has no records; one with records must be archived."""
    object_type = get_object_type(ctx, type_id)
    ctx.require(Permission.MANAGE_CUSTOM_OBJECTS, "delete object types")
    count = records.count(ctx.store, ctx.account_id, object_type.id)
    if count:
        raise Conflict(
            f"Object type '{object_type.name}' still has {count} "
            f"record{'s' if count != 1 else ''}; archive it instead, or delete its "
            "records first."
        )

    object_types.delete(ctx.store, ctx.account_id, object_type.id)
    events.record(
        ctx.store,
        ctx.account_id,
        actor=ctx.actor,
        action="object_type.deleted",
        subject=object_type.id,
        before=object_type.model_dump(mode="json"),
    )
