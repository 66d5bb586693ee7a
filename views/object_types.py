"""Object types: the list, a new type, and one type (`?type=<key>`) with its fields."""

from __future__ import annotations

import streamlit as st

from schemas.object_types import FieldDefinition, FieldFormat, FieldInput, ObjectType
from schemas.users import Permission
from services import object_types
from services.context import Context
from views import components

PARAM = "type"
FORMATS = [f.value for f in FieldFormat]
SINGLE, MULTIPLE = "Single choice", "Multiple choice"
HEADERS = ("Name", "Plural", "Key", "Fields", "")
WIDTHS = [3, 3, 2, 1, 1]
BROWSE_ONLY = (
    "You can browse object types. Creating and changing them needs the "
    f"'{Permission.MANAGE_CUSTOM_OBJECTS.label}' permission; ask an administrator."
)


def _format_label(value: str) -> str:
    return FieldFormat(value).label


def type_list(ctx: Context) -> None:
    st.title("Object types")
    show_archived = st.toggle("Show archived", key="types.show_archived")
    types = object_types.list_object_types(ctx, include_archived=show_archived)

    if not types:
        st.info(
            "No object types yet; create the first one below."
            if ctx.user.can_manage()
            else "No object types yet."
        )
    else:
        header = st.columns(WIDTHS)
        for column, title in zip(header, HEADERS, strict=True):
            column.markdown(f"**{title}**")
    for object_type in types:
        name, plural, key, fields, status = st.columns(
            WIDTHS, vertical_alignment="center"
        )
        name.button(
            components.with_icon(object_type.icon, object_type.name),
            key=f"types.open.{object_type.key}",
            type="tertiary",
            on_click=components.open_param,
            args=(PARAM, object_type.key),
        )
        plural.markdown(components.plain(object_type.plural))
        key.markdown(f"`{object_type.key}`")
        fields.write(str(len(object_type.fields)))
        status.markdown(":orange-badge[Archived]" if object_type.archived else "")

    if not ctx.user.can_manage():
        components.read_only(BROWSE_ONLY)
        return
    st.subheader("New object type", anchor=False)
    new_type_form(ctx)


def new_type_form(ctx: Context) -> None:
    form = "type_new"
    keys = components.prefix(form)
    with st.form(keys, enter_to_submit=False):
        name = st.text_input("Name *", key=f"{keys}.name", placeholder="Course")
        components.field_problem(form, "name")
        plural = st.text_input(
            "Plural name",
            key=f"{keys}.plural",
            placeholder="Courses",
            help="Left empty, an 's' is added to the name.",
        )
        icon = components.icon_picker(keys)
        description = st.text_area("Description", key=f"{keys}.description")
        components.field_problem(form, "description")
        primary_label = st.text_input(
            "Primary property",
            value="Name",
            key=f"{keys}.primary_label",
            help="The field that names each record everywhere, like 'Course name'.",
        )
        components.form_problems(form, shown=["name", "description"])
        submitted = st.form_submit_button(
            "Create object type", key=f"{keys}.submit", type="primary"
        )
    if submitted:
        created = components.submit(
            form,
            lambda: object_types.create_object_type(
                ctx,
                name=name,
                plural=plural,
                icon=icon,
                description=description,
                primary_label=primary_label,
            ),
        )
        components.open_param(PARAM, created.key)
        components.done(form, f"Object type '{created.name}' created.")


def details_form(ctx: Context, object_type: ObjectType) -> None:
    form = f"type_edit.{object_type.id}"
    keys = components.prefix(form)
    with st.form(keys, enter_to_submit=False):
        st.text_input("Key", value=object_type.key, disabled=True, key=f"{keys}.key")
        name = st.text_input("Name *", value=object_type.name, key=f"{keys}.name")
        components.field_problem(form, "name")
        plural = st.text_input(
            "Plural name *", value=object_type.plural, key=f"{keys}.plural"
        )
        components.field_problem(form, "plural")
        icon = components.icon_picker(keys, object_type.icon)
        description = st.text_area(
            "Description", value=object_type.description, key=f"{keys}.description"
        )
        components.field_problem(form, "description")
        components.form_problems(form, shown=["name", "plural", "description"])
        submitted = st.form_submit_button(
            "Save changes", key=f"{keys}.submit", type="primary"
        )
    if submitted:
        components.submit(
            form,
            lambda: object_types.update_object_type(
                ctx,
                type_id=object_type.id,
                name=name,
                plural=plural,
                icon=icon,
                description=description,
            ),
        )
        components.done(form, f"Object type '{name.strip()}' saved.")


def fields_table(object_type: ObjectType) -> None:
    st.dataframe(
        [
            {
                "Label": field.label,
                "Key": field.key,
                "Format": field.format.label
                + (" (multiple)" if field.multiple else ""),
                "Required": field.required,
                "Primary": field.key == object_type.primary_field,
                "Options": ", ".join(option.label for option in field.options),
            }
            for field in object_type.fields
        ],
        hide_index=True,
        key=f"fields.table.{object_type.id}",
    )


def field_actions(ctx: Context, object_type: ObjectType) -> None:
    """Pick a field to move, make primary or edit."""
    labels = {field.key: field.label for field in object_type.fields}
    chosen = st.selectbox(
        "Field",
        list(labels),
        format_func=labels.__getitem__,
        key=f"fields.pick.{object_type.id}",
    )
    field = object_type.field(chosen)
    if field is None:
        return
    form = f"fields.actions.{object_type.id}"
    position = object_type.fields.index(field)
    up, down, primary = st.columns(3)
    moves = {
        -1: up.button(
            "Up",
            key=f"{form}.up",
            icon=":material/arrow_upward:",
            disabled=position == 0,
        ),
        1: down.button(
            "Down",
            key=f"{form}.down",
            icon=":material/arrow_downward:",
            disabled=position == len(object_type.fields) - 1,
        ),
    }
    is_primary = field.key == object_type.primary_field
    make_primary = primary.button(
        "Primary" if is_primary else "Make primary",
        key=f"{form}.primary",
        icon=":material/star:",
        disabled=is_primary,
        help="The field whose value names each record everywhere.",
    )
    components.form_problems(form)
    offset = next((offset for offset, clicked in moves.items() if clicked), 0)
    if offset:
        components.submit(
            form,
            lambda: object_types.move_field(
                ctx, type_id=object_type.id, field_key=field.key, offset=offset
            ),
        )
        components.done(form, f"Field '{field.label}' moved.")
    if make_primary:
        components.submit(
            form,
            lambda: object_types.set_primary_field(
                ctx, type_id=object_type.id, field_key=field.key
            ),
        )
        components.done(form, f"'{field.label}' now names each {object_type.name}.")

    edit_field_form(ctx, object_type, field)


def edit_field_form(
    ctx: Context, object_type: ObjectType, field: FieldDefinition
) -> None:
    form = f"field_edit.{object_type.id}.{field.key}"
    keys = components.prefix(form)
    is_primary = field.key == object_type.primary_field
    options: str | None = None
    with st.form(keys, enter_to_submit=False):
        st.caption(f"Key `{field.key}` · {field.format.label}; neither can change.")
        label = st.text_input("Label *", value=field.label, key=f"{keys}.label")
        components.field_problem(form, "label")
        description = st.text_area(
            "Description", value=field.description, key=f"{keys}.description"
        )
        components.field_problem(form, "description")
        required = st.toggle(
            "Required",
            value=field.required,
            key=f"{keys}.required",
            disabled=is_primary,
            help="The primary property is always required." if is_primary else None,
        )
        if field.format is FieldFormat.LIST:
            options = st.text_area(
                "Options, one per line",
                value="\n".join(option.label for option in field.options),
                key=f"{keys}.options",
                help="Renaming an option keeps its records; an option in use "
                "cannot be removed.",
            )
            components.field_problem(form, "options")
        components.form_problems(form, shown=["label", "description", "options"])
        submitted = st.form_submit_button(
            "Save field", key=f"{keys}.submit", type="primary"
        )
    if submitted:
        components.submit(
            form,
            lambda: object_types.update_field(
                ctx,
                type_id=object_type.id,
                field_key=field.key,
                label=label,
                description=description,
                required=required,
                options=None if options is None else options.splitlines(),
            ),
        )
        components.done(form, f"Field '{label.strip()}' saved.")


def new_field_form(ctx: Context, object_type: ObjectType) -> None:
    form = f"field_new.{object_type.id}"
    keys = components.prefix(form)
    chosen = st.selectbox(
        "Format", FORMATS, format_func=_format_label, key=f"{keys}.format"
    )
    field_format = FieldFormat(chosen)
    options, choice = "", SINGLE
    with st.form(keys, enter_to_submit=False):
        label = st.text_input("Label *", key=f"{keys}.label", placeholder="Start date")
        components.field_problem(form, "label")
        description = st.text_area("Description", key=f"{keys}.description")
        components.field_problem(form, "description")
        required = st.toggle("Required", key=f"{keys}.required")
        if field_format is FieldFormat.LIST:
            options = st.text_area(
                "Options, one per line",
                key=f"{keys}.options",
                placeholder="Beginner\nAdvanced",
            )
            components.field_problem(form, "options")
            choice = st.radio(
                "Choice", [SINGLE, MULTIPLE], key=f"{keys}.choice", horizontal=True
            )
        components.form_problems(form, shown=["label", "description", "options"])
        submitted = st.form_submit_button(
            f"Add {field_format.label.lower()} field",
            key=f"{keys}.submit",
            type="primary",
        )
    if submitted:
        spec = FieldInput(
            label=label,
            format=field_format,
            description=description,
            required=required,
            options=options.splitlines(),
            multiple=choice == MULTIPLE,
        )
        components.submit(
            form, lambda: object_types.add_field(ctx, type_id=object_type.id, spec=spec)
        )
        components.done(form, f"Field '{label.strip()}' added.")


def lifecycle(ctx: Context, object_type: ObjectType) -> None:
    """Archive or restore; delete while it has no records."""
    form = f"type_lifecycle.{object_type.id}"
    if object_type.archived:
        st.caption("Archived: hidden from pickers and new associations.")
        if st.button("Restore", key=f"{form}.restore", icon=":material/unarchive:"):
            components.submit(
                form,
                lambda: object_types.restore_object_type(ctx, type_id=object_type.id),
            )
            components.done(form, f"Object type '{object_type.name}' restored.")
    else:
        st.caption("Archiving hides the type from pickers; records and links stay.")
        if st.button("Archive", key=f"{form}.archive", icon=":material/archive:"):
            components.submit(
                form,
                lambda: object_types.archive_object_type(ctx, type_id=object_type.id),
            )
            components.done(form, f"Object type '{object_type.name}' archived.")
    if components.confirmed(
        f"{form}.delete",
        label="Delete…",
        prompt=f"Delete object type '{object_type.name}' and its fields? "
        "This cannot be undone.",
    ):
        components.submit(
            form, lambda: object_types.delete_object_type(ctx, type_id=object_type.id)
        )
        components.close_param(PARAM)
        components.done(form, f"Object type '{object_type.name}' deleted.")
    components.form_problems(form)


def type_page(ctx: Context, type_key: str) -> None:
    components.back_button(PARAM, "All object types", key="types.back")
    object_type = object_types.get_object_type(ctx, type_id=type_key)
    badge = " :orange-badge[Archived]" if object_type.archived else ""
    title = components.with_icon(object_type.icon, object_type.name)
    st.title(f"{title}{badge}", anchor=False)
    st.page_link(
        components.RECORDS_PAGE,
        label=f"Open its {components.plain(object_type.plural.lower())}",
        icon=":material/table_rows:",
        query_params={"type": object_type.key},
    )

    st.subheader("Fields", anchor=False)
    fields_table(object_type)
    if not ctx.user.can_manage():
        components.read_only(BROWSE_ONLY)
        return
    change, add = st.columns(2, gap="large")
    with change:
        st.markdown("**Change a field**")
        field_actions(ctx, object_type)
    with add:
        st.markdown("**Add a field**")
        new_field_form(ctx, object_type)

    details, status = st.columns([3, 1], gap="large")
    with details:
        st.subheader("Details", anchor=False)
        details_form(ctx, object_type)
    with status:
        st.subheader("Status", anchor=False)
        lifecycle(ctx, object_type)


components.show_flash()
with components.errors_shown():
    context = components.custom_objects_context()
    type_key = st.query_params.get(PARAM)
    if type_key:
        type_page(context, type_key)
    else:
        type_list(context)
