"""Records of one object type (`?type=<key>`): browse, create, edit, delete."""

from __future__ import annotations

import streamlit as st

from schemas.object_types import FieldFormat, ObjectType
from schemas.records import Record, format_value
from schemas.users import Permission
from services import object_types, records
from services.context import Context
from views import components

PARAM = "type"
BROWSE_ONLY = (
    "You can browse records. Creating and changing them needs the "
    f"'{Permission.MANAGE_CUSTOM_OBJECTS.label}' permission; ask an administrator."
)
MODES = {
    "browse": ":material/table_rows: Browse",
    "new": ":material/add: New",
    "edit": ":material/edit: Edit or delete",
}


def type_picker(ctx: Context) -> ObjectType | None:
    """The object type whose records are shown, kept in the URL."""
    types = {
        t.key: t for t in object_types.list_object_types(ctx, include_archived=True)
    }
    if not types:
        st.info("No object types yet; create one on the Object types page first.")
        st.page_link(components.OBJECT_TYPES_PAGE, label="Object types")
        return None
    wanted = st.query_params.get(PARAM, "")
    if wanted and wanted not in types:
        with components.errors_shown():
            object_types.get_object_type(ctx, type_id=wanted)
    keys = list(types)
    chosen = st.selectbox(
        "Object type",
        keys,
        index=keys.index(wanted) if wanted in types else 0,
        format_func=lambda key: (
            components.type_label(types[key])
            + (" (archived)" if types[key].archived else "")
        ),
        key="records.type",
    )
    if st.query_params.get(PARAM) != chosen:
        st.query_params[PARAM] = chosen
    return types[chosen]


def rows(object_type: ObjectType, found: list[Record]) -> list[dict[str, str]]:
    """Records as table rows of formatted values, by field label."""
    return [
        {
            field.label: format_value(field, record.values.get(field.key))
            for field in object_type.fields
        }
        for record in found
    ]


def browse(ctx: Context, object_type: ObjectType) -> None:
    keys = f"records.{object_type.id}"
    search_column, sort_column, order_column, size_column = st.columns(
        [3, 2, 1, 1], vertical_alignment="bottom"
    )
    search = search_column.text_input(
        f"Search by {components.plain(object_type.primary.label)}",
        key=f"{keys}.search",
    )
    labels = {field.key: field.label for field in object_type.fields}
    sort = sort_column.selectbox(
        "Sort by",
        list(labels),
        index=list(labels).index(object_type.primary_field),
        format_func=labels.__getitem__,
        key=f"{keys}.sort",
    )
    descending = order_column.toggle("Descending", key=f"{keys}.descending")
    with size_column:
        size = components.page_size(f"{keys}.page_size")
    pager_key = components.pager_key(
        keys, search.strip().casefold(), sort, descending, size
    )

    found = components.paged(
        pager_key,
        lambda page: records.list_records(
            ctx,
            type_id=object_type.id,
            search=search,
            sort=sort,
            descending=descending,
            page=page,
            page_size=size,
        ),
    )

    plural = components.plain(object_type.plural)
    if found.records:
        st.dataframe(
            rows(object_type, found.records),
            hide_index=True,
            column_config={
                field.label: st.column_config.LinkColumn(field.label)
                for field in object_type.fields
                if field.format is FieldFormat.LINK
            },
            key=f"{keys}.table",
        )
    elif search:
        st.info(f"No {plural} match '{components.plain(search)}'.")
    else:
        st.info(
            f"No {plural} yet; add one with New."
            if ctx.user.can_manage()
            else f"No {plural} yet."
        )
    components.pager(
        pager_key,
        pages=found.pages,
        total=found.total,
        one=object_type.name.lower(),
        many=object_type.plural.lower(),
    )


def new_record(ctx: Context, object_type: ObjectType) -> None:
    if object_type.archived:
        st.info(
            f"Object type '{components.plain(object_type.name)}' is archived; "
            "restore it on the Object types page to add records."
        )
        return
    form = f"record_new.{object_type.id}"
    typed = components.record_form(
        object_type,
        form=form,
        submit_label=f"Create {components.plain(object_type.name)}",
    )
    if typed is not None:
        created = components.submit(
            form,
            lambda: records.create_record(ctx, type_id=object_type.id, values=typed),
        )
        components.done(form, f"{object_type.name} '{created.display_name}' created.")


def edit_record(ctx: Context, object_type: ObjectType) -> None:
    picker = f"record_pick.{object_type.id}"
    record = components.record_picker(ctx, object_type, form=picker)
    if record is None:
        return
    form = f"record_edit.{record.id}"
    typed = components.record_form(
        object_type, form=form, submit_label="Save changes", values=record.values
    )
    if typed is not None:
        saved = components.submit(
            form, lambda: records.update_record(ctx, record_id=record.id, values=typed)
        )
        components.done(form, f"{object_type.name} '{saved.display_name}' saved.")

    removal = f"record_delete.{record.id}"
    if components.confirmed(
        removal,
        label=f"Delete this {object_type.name}…",
        prompt=f"Delete {object_type.name} '{record.display_name}' and its "
        "associations? This cannot be undone.",
    ):
        removed = components.submit(
            removal, lambda: records.delete_record(ctx, record_id=record.id)
        )
        components.done(
            picker,
            f"{object_type.name} '{record.display_name}' deleted, with "
            f"{removed} association{'s' if removed != 1 else ''}.",
        )
    components.form_problems(removal)


st.title("Records")
components.show_flash()
with components.errors_shown():
    context = components.custom_objects_context()
    chosen_type = type_picker(context)
    if chosen_type is not None and not context.user.can_manage():
        browse(context, chosen_type)
        components.read_only(BROWSE_ONLY)
    elif chosen_type is not None:
        mode = st.segmented_control(
            "Mode",
            list(MODES),
            default="browse",
            required=True,
            format_func=MODES.__getitem__,
            key="records.mode",
            label_visibility="collapsed",
        )
        if mode == "new":
            new_record(context, chosen_type)
        elif mode == "edit":
            edit_record(context, chosen_type)
        else:
            browse(context, chosen_type)
