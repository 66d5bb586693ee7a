"""Widgets and helpers shared by the pages.

Forms follow one pattern: widgets keyed `f"{prefix(form)}.<name>"`, a submit
that calls one service function through `submit()`, and on success `done()`. A
refused submit keeps what the user typed and shows each problem under its field
until the next action on the page; a successful one starts the form afresh.

Whatever people typed (names, labels, values, emails) is shown through `plain()`
wherever Streamlit reads Markdown: bodies, headings, widget labels and help,
alerts. Select box options, placeholders, tables and code are plain text already.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, NoReturn, Protocol, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from schemas.accounts import CUSTOM_OBJECTS
from schemas.associations import AssociationGroup
from schemas.crm import Contact, Deal, TargetKind
from schemas.money import Money
from schemas.object_types import FieldDefinition, FieldFormat, ObjectType
from schemas.records import Record
from schemas.users import Permission, User
from services import associations, auth, crm, object_types, records
from services.context import Context, for_user
from services.errors import CustomObjectsError
from services.runtime import get_store
from services.settings import AppSettings, AuthMode
from store.engine import Store


class _Page(Protocol):
    @property
    def page(self) -> int: ...

    @property
    def pages(self) -> int: ...


T = TypeVar("T")
P = TypeVar("P", bound=_Page)

PAGE_SIZES = (10, 25, 50, 100)
CURRENCIES = (
    "BRL",
    "USD",
    "EUR",
    "GBP",
    "ARS",
    "CLP",
    "COP",
    "MXN",
    "PEN",
    "UYU",
    "CAD",
    "CHF",
    "JPY",
    "AUD",
)
DEFAULT_CURRENCY = "BRL"
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
PICKER_MATCHES = 20
RECORDS_PAGE = "views/records.py"
OBJECT_TYPES_PAGE = "views/object_types.py"

ICONS = {
    ":material/category:": "Category",
    ":material/school:": "School",
    ":material/menu_book:": "Book",
    ":material/apartment:": "Building",
    ":material/home:": "Home",
    ":material/directions_car:": "Vehicle",
    ":material/inventory_2:": "Package",
    ":material/event:": "Event",
    ":material/confirmation_number:": "Ticket",
    ":material/build:": "Tools",
    ":material/description:": "Document",
    ":material/pets:": "Pet",
    "🎓": "Graduation cap",
    "📚": "Books",
    "🏠": "House",
    "🚗": "Car",
    "📦": "Box",
    "🎫": "Ticket",
    "💼": "Briefcase",
    "🏥": "Hospital",
    "🐾": "Paw prints",
    "🏋️": "Gym",
    "🍽️": "Restaurant",
    "🎨": "Art",
}


# --- user text in Markdown ----------------------------------------------------

# Markdown and Streamlit's own syntax: `:red[…]` and `:material/x:` start with a
# colon; the frontend turns ":material/" into an icon before parsing, so the slash
# is escaped too; "&" would start an entity such as "&lt;".
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:/&])")
# Escapes do not reach what the frontend finds in the parsed text: web addresses
# ("https://", "www."), emails, ":streamlit:" and emoji codes. An invisible word
# joiner after each colon and "@", and between "www" and its dot, breaks those.
_FOUND_IN_TEXT = re.compile(r"([:@])|(?i:(www)(?=\.))")
WORD_JOINER = "\u2060"
_MATERIAL_ICON = re.compile(r":material/[a-z0-9_]+:")


def plain(text: str) -> str:
    """User text made literal for Markdown: no links, emphasis, colours, icons
    or emoji codes; it reads the same, with invisible word joiners added."""
    joined = _FOUND_IN_TEXT.sub(lambda found: found[0] + WORD_JOINER, text)
    return _MARKDOWN.sub(r"\\\1", joined)


def icon_markup(icon: str) -> str:
    """A type's icon as Markdown: a Material icon renders, anything else (an
    emoji, or whatever was typed) is shown as typed."""
    return icon if _MATERIAL_ICON.fullmatch(icon) else plain(icon)


def with_icon(icon: str, text: str) -> str:
    """An icon and user text, as a heading or a button label shows them."""
    return " ".join(part for part in (icon_markup(icon), plain(text)) if part)


def type_heading(object_type: ObjectType) -> str:
    """An object type in a heading: its icon and plural name."""
    return with_icon(object_type.icon, object_type.plural)


# --- context and errors -----------------------------------------------------


@st.cache_resource(show_spinner="Opening the store…")
def _store() -> Store:
    return get_store()


SESSION = "session"
SIGNED_OUT = "signed_out"
REFUSED = "sign_in_refused"
SESSION_ENDED = "Your session has ended; sign in again."


def app_settings() -> AppSettings:
    return AppSettings.from_env()


def identity_provider_signed_in() -> bool:
    """Whether the identity provider vouches for someone in this browser.

    `st.user.is_logged_in` is missing, not False, when no provider is
    configured, so it is read with a default.
    """
    return bool(st.user.get("is_logged_in", False))


def start_session(user: User) -> None:
    """Remember who signed in; the epoch lets deactivation end the session."""
    st.session_state[SESSION] = {
        "account_id": user.account_id,
        "user_id": user.id,
        "epoch": user.session_epoch,
    }


def end_session(message: str = "") -> None:
    st.session_state.pop(SESSION, None)
    if message:
        st.session_state[SIGNED_OUT] = message


def _oidc_user() -> User | None:
    """The user the identity provider vouched for, signed in now; None, with
    the refusal kept for the sign-in screen, when no active user has that email."""
    if app_settings().auth_mode is not AuthMode.OIDC:
        return None
    if not identity_provider_signed_in():
        return None
    try:
        user = auth.sign_in_oidc(_store(), str(st.user.get("email") or ""))
    except CustomObjectsError as error:
        st.session_state[REFUSED] = error.message
        return None
    start_session(user)
    return user


def signed_in_user() -> User | None:
    """The user of this browser session, checked again on every rerun.

    A deactivated user, or one whose sessions were ended, is signed out here.
    With OIDC, the provider's verified email picks the user.
    """
    session = st.session_state.get(SESSION)
    if session is None:
        return _oidc_user()
    user = auth.resume(_store(), **session)
    if user is None:
        end_session(SESSION_ENDED)
    return user


def context() -> Context:
    """The acting context of this rerun: the signed-in user in their account."""
    user = signed_in_user()
    if user is None:
        st.warning("Sign in to continue.", icon=":material/lock:")
        st.stop()
    try:
        return for_user(_store(), user)
    except CustomObjectsError as error:
        show_error(error)
        st.stop()


def custom_objects_context() -> Context:
    """The context of a Custom Objects page; refused while the module is off,
    so that the page shows why instead of its controls."""
    ctx = context()
    ctx.require_custom_objects()
    return ctx


def read_only(message: str) -> None:
    """Say why write controls are missing, in place of them."""
    st.info(message, icon=":material/visibility:")


def store() -> Store:
    """The process's store, for the sign-in page (which has no context yet)."""
    return _store()


def _show(message: str) -> None:
    # Service messages quote names and values as people typed them.
    st.error(plain(message), icon=":material/error:")


def show_error(error: CustomObjectsError) -> None:
    """The one place where a service error becomes something on screen."""
    _show(error.message)


@contextmanager
def errors_shown() -> Iterator[None]:
    """Run page code; a service error shows as a message, never a traceback."""
    try:
        yield
    except CustomObjectsError as error:
        show_error(error)


# --- forms: submit, problems beside fields, success --------------------------


def _problems_key(form: str) -> str:
    return f"{form}:problems"


def problems(form: str) -> dict[str, str]:
    """The problems of the form's last submit, by field key ("" for the whole)."""
    return dict(st.session_state.get(_problems_key(form), {}))


def field_problem(form: str, field: str) -> None:
    """The last submit's problem with one field, shown right under its widget."""
    message = problems(form).get(field)
    if message:
        _show(message)


def form_problems(form: str, shown: Iterable[str] = ()) -> None:
    """The last submit's problems not already shown beside a field."""
    beside = set(shown)
    for field, message in problems(form).items():
        if field not in beside:
            _show(message)


def forget_problems() -> None:
    """Drop every form's problems: another action makes them stale."""
    for key in [k for k in st.session_state if str(k).endswith(":problems")]:
        del st.session_state[key]


def submit(form: str, action: Callable[[], T]) -> T:
    """Run a form's service call and return what it returns.

    When the service refuses, its problems are kept for the form and the page
    reruns, so that each shows beside its field with the typed values intact.
    Problems of earlier submits, of this form or another, are forgotten first.
    """
    forget_problems()
    try:
        return action()
    except CustomObjectsError as error:
        found = {p.field: p.message for p in error.problems} or {"": error.message}
        st.session_state[_problems_key(form)] = found
        st.rerun()


def _generation_key(form: str) -> str:
    return f"{form}:generation"


def prefix(form: str) -> str:
    """The key prefix of a form's widgets, new after each successful submit.

    Forgetting a widget's state on the server does not clear what the browser
    shows, so a form starts afresh by giving its widgets new keys instead.
    """
    generation = st.session_state.get(_generation_key(form), 0)
    return f"{form}~{generation}" if generation else form


def reset_form(form: str) -> None:
    """Forget what was typed in a form, so that it shows its defaults again."""
    generation = st.session_state.get(_generation_key(form), 0)
    st.session_state[_generation_key(form)] = generation + 1
    st.session_state.pop(_problems_key(form), None)


def flash(message: str) -> None:
    """A success message for the next rerun (writes end with a rerun)."""
    st.session_state.setdefault("flash", []).append(message)


def show_flash() -> None:
    for message in st.session_state.pop("flash", []):
        st.success(plain(message), icon=":material/check_circle:")


def done(form: str, message: str) -> NoReturn:
    """A successful submit: say so, clear the form and show the new state."""
    flash(message)
    reset_form(form)
    st.rerun()


def confirmed(
    key: str,
    *,
    label: str,
    prompt: str,
    answer: str = "Yes, delete",
    icon: str = ":material/delete:",
    help: str | None = None,
    tertiary: bool = False,
    place: DeltaGenerator | None = None,
) -> bool:
    """A two-step button for what cannot be undone; True when confirmed.

    `label`, `prompt` and `help` are plain text. The button goes in `place` (a
    column of a row, say); the question and its answers go under it, in the
    page's flow.
    """
    asking = f"{key}:asking"
    if not st.session_state.get(asking):
        if (place or st).button(
            plain(label),
            key=key,
            icon=icon,
            help=plain(help) if help else None,
            type="tertiary" if tertiary else "secondary",
        ):
            forget_problems()
            st.session_state[asking] = True
            st.rerun()
        return False
    st.warning(plain(prompt), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(answer, key=f"{key}.yes", type="primary"):
        del st.session_state[asking]
        return True
    if no.button("Cancel", key=f"{key}.no"):
        del st.session_state[asking]
        st.rerun()
    return False


# --- query parameters ---------------------------------------------------------


def open_param(name: str, value: str) -> None:
    """Deep-link callback: show the object whose key or id is `value`."""
    st.query_params[name] = value


def close_param(name: str) -> None:
    """Back-to-the-list callback."""
    if name in st.query_params:
        del st.query_params[name]


def back_button(name: str, label: str, *, key: str) -> None:
    st.button(
        label,
        key=key,
        icon=":material/arrow_back:",
        type="tertiary",
        on_click=close_param,
        args=(name,),
    )


# --- pagination ---------------------------------------------------------------


def current_page(key: str) -> int:
    """The page a pager of `key` is on (1 before it was first shown)."""
    value = st.session_state.get(key, 1)
    return value if isinstance(value, int) and value >= 1 else 1


def pager_key(keys: str, *query: object) -> str:
    """A pager's key, new for each query: a new search or order starts at page 1
    in the browser as well as on the server."""
    return f"{keys}.page[{'|'.join(str(part) for part in query)}]"


def page_size(key: str) -> int:
    return int(
        st.selectbox("Per page", PAGE_SIZES, index=PAGE_SIZES.index(25), key=key)
    )


def paged(key: str, fetch: Callable[[int], P]) -> P:
    """Fetch the pager's current page, or page 1 when that page is gone
    (its last records were deleted meanwhile)."""
    result = fetch(current_page(key))
    if result.page > result.pages:
        st.session_state.pop(key, None)
        result = fetch(1)
    return result


def pager(key: str, *, pages: int, total: int, one: str, many: str) -> None:
    """Page buttons under a list, and how many there are in all."""
    if pages > 1:
        st.pagination(pages, key=key, persist_state="page")
    st.caption(f"{total:,} {plain(one if total == 1 else many)}")


# --- icons ----------------------------------------------------------------------


def _is_material(icon: str) -> bool:
    return icon.startswith(":material/")


def _icon_label(icon: str) -> str:
    # Select boxes show their options as plain text: no Material icons there.
    return ICONS[icon] if _is_material(icon) else f"{icon}  {ICONS[icon]}"


def type_label(object_type: ObjectType) -> str:
    """An object type as a select box option: plural name, emoji icon if any."""
    if not object_type.icon or _is_material(object_type.icon):
        return object_type.plural
    return object_type.title


def icon_picker(keys: str, current: str = "") -> str:
    """A curated icon, or any emoji or `:material/name:` typed instead; `keys`
    is the prefix of the form's widget keys."""
    choices = list(ICONS)
    custom = "" if not current or current in ICONS else current
    st.caption(" · ".join(f"{icon} {name}" for icon, name in ICONS.items()))
    chosen = st.selectbox(
        "Icon",
        choices,
        index=choices.index(current) if current in ICONS else 0,
        format_func=_icon_label,
        key=f"{keys}.icon",
    )
    typed = st.text_input(
        "Or another icon",
        value=custom,
        key=f"{keys}.custom_icon",
        placeholder="An emoji, or :material/name: from fonts.google.com/icons",
        help="When filled in, this icon is used instead of the one chosen above.",
    )
    return typed.strip() or chosen


# --- record fields ------------------------------------------------------------


def _widget_value(field: FieldDefinition, value: Any) -> Any:
    """A stored value as its widget takes it."""
    if field.format is FieldFormat.DATE:
        return date.fromisoformat(value) if value else None
    if field.format is FieldFormat.YES_NO:
        return bool(value)
    if field.format is FieldFormat.LIST:
        if field.multiple:
            return list(value or [])
        return value
    if field.format is FieldFormat.CURRENCY:
        if not value:
            return ("", DEFAULT_CURRENCY)
        money = Money.model_validate(value)
        return (str(money.amount), money.currency)
    return "" if value is None else str(value)


def _currency_input(label: str, *, key: str, value: Any, help: str | None) -> Any:
    amount, code = value
    codes = list(CURRENCIES) if code in CURRENCIES else [code, *CURRENCIES]
    left, right = st.columns([3, 1])
    typed = left.text_input(
        label,
        value=amount,
        key=f"{key}.amount",
        help=help,
        placeholder="An amount, like 1250.00",
    )
    chosen = right.selectbox(
        "Currency",
        codes,
        index=codes.index(code),
        key=f"{key}.currency",
        accept_new_options=True,
        help="An ISO 4217 code; type another one if it is not listed.",
    )
    if not typed.strip():
        return None
    return {"amount": typed, "currency": chosen}


def field_input(field: FieldDefinition, *, key: str, value: Any = None) -> Any:
    """The widget that fits a field's format; returns what the service takes.

    Numbers are typed as text so that a mistake reaches the service and comes
    back as its message, rather than being silently refused by the widget.
    """
    label = f"{plain(field.label)} *" if field.required else plain(field.label)
    help_text = plain(field.description) if field.description else None
    current = _widget_value(field, value)
    match field.format:
        case FieldFormat.NUMBER:
            return st.text_input(
                label,
                value=current,
                key=key,
                help=help_text,
                placeholder="A number, like 42 or 3.5",
            )
        case FieldFormat.CURRENCY:
            return _currency_input(label, key=key, value=current, help=help_text)
        case FieldFormat.DATE:
            return st.date_input(
                label,
                value=current,
                min_value=EARLIEST_DATE,
                max_value=LATEST_DATE,
                format="YYYY-MM-DD",
                key=key,
                help=help_text,
            )
        case FieldFormat.YES_NO:
            return st.toggle(label, value=current, key=key, help=help_text)
        case FieldFormat.LIST:
            labels = {option.key: option.label for option in field.options}
            if field.multiple:
                return st.multiselect(
                    label,
                    list(labels),
                    default=[k for k in current if k in labels],
                    format_func=labels.__getitem__,
                    key=key,
                    help=help_text,
                )
            keys = list(labels)
            return st.selectbox(
                label,
                keys,
                index=keys.index(current) if current in labels else None,
                format_func=labels.__getitem__,
                placeholder="Choose an option",
                key=key,
                help=help_text,
            )
        case FieldFormat.LINK:
            return st.text_input(
                label,
                value=current,
                key=key,
                help=help_text,
                placeholder="https://example.com",
            )
        case _:
            return st.text_input(label, value=current, key=key, help=help_text)


def record_form(
    object_type: ObjectType,
    *,
    form: str,
    submit_label: str,
    values: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """A form with one widget per field; the values typed, once submitted."""
    stored = values or {}
    typed: dict[str, Any] = {}
    keys = prefix(form)
    with st.form(keys, enter_to_submit=False):
        for field in object_type.fields:
            typed[field.key] = field_input(
                field, key=f"{keys}.{field.key}", value=stored.get(field.key)
            )
            field_problem(form, field.key)
        form_problems(form, shown=[field.key for field in object_type.fields])
        submitted = st.form_submit_button(
            submit_label, key=f"{keys}.submit", type="primary"
        )
    return typed if submitted else None


def record_picker(ctx: Context, object_type: ObjectType, *, form: str) -> Record | None:
    """Search a type's records by their primary property and choose one."""
    keys = prefix(form)
    search = st.text_input(
        f"Search {plain(object_type.plural)}",
        key=f"{keys}.search",
        placeholder=f"Part of the {object_type.primary.label}",
    )
    found = records.list_records(
        ctx, type_id=object_type.id, search=search, page_size=PICKER_MATCHES
    )
    by_id = {record.id: record for record in found.records}
    names = {record.id: record.display_name for record in found.records}
    chosen = st.selectbox(
        plain(object_type.name),
        list(names),
        index=0 if len(names) == 1 else None,
        format_func=names.__getitem__,
        placeholder=f"Choose a {object_type.name}" if names else "No matches",
        # One choice per search, so that a lone match is chosen at once.
        key=f"{keys}.record[{search.strip().casefold()}]",
    )
    if found.total > len(names):
        st.caption(
            f"Showing {len(names)} of {found.total:,} matches; type more to narrow."
        )
    return by_id[chosen] if chosen else None


# --- contacts and deals -----------------------------------------------------------


_PARAM = "id"


def _target_row(item: Contact | Deal) -> list[str]:
    if isinstance(item, Contact):
        return [item.email, item.phone, ", ".join(item.tags)]
    amount = item.amount.format() if item.amount else ""
    return [item.stage, amount, item.close_date or ""]


_COLUMNS = {
    TargetKind.CONTACT: ("Name", "Email", "Phone", "Tags"),
    TargetKind.DEAL: ("Name", "Stage", "Amount", "Close date"),
}
_WIDTHS = [3, 3, 2, 2]


def _target_list(ctx: Context, kind: TargetKind) -> None:
    keys = f"{kind.value}s"
    search_column, size_column = st.columns([4, 1])
    search = search_column.text_input(
        f"Search {kind.value}s",
        key=f"{keys}.search",
        placeholder="Name or email" if kind is TargetKind.CONTACT else "Name",
        persist_state="page",
    )
    with size_column:
        size = page_size(f"{keys}.page_size")
    pages_key = pager_key(keys, search.strip().casefold(), size)

    found = paged(
        pages_key,
        lambda page: crm.list_targets(
            ctx, kind=kind, search=search, page=page, page_size=size
        ),
    )

    if not found.items:
        st.info(
            f"No {kind.value}s match '{plain(search)}'."
            if search
            else f"No {kind.value}s yet."
        )
    header = st.columns(_WIDTHS)
    for column, title in zip(header, _COLUMNS[kind], strict=True):
        column.markdown(f"**{title}**")
    for item in found.items:
        name, *rest = st.columns(_WIDTHS, vertical_alignment="center")
        name.button(
            plain(item.name),
            key=f"{keys}.open.{item.id}",
            type="tertiary",
            on_click=open_param,
            args=(_PARAM, item.id),
        )
        for column, text in zip(rest, _target_row(item), strict=True):
            column.text(text)
    pager(
        pages_key,
        pages=found.pages,
        total=found.total,
        one=kind.value,
        many=f"{kind.value}s",
    )


def _target_details(item: Contact | Deal) -> None:
    st.header(plain(item.name), anchor=False)
    if isinstance(item, Contact):
        details = {"Email": plain(item.email), "Phone": plain(item.phone)}
        details["Tags"] = " ".join(f":blue-badge[{plain(tag)}]" for tag in item.tags)
    else:
        details = {
            "Stage": plain(item.stage),
            "Amount": plain(item.amount.format()) if item.amount else "",
            "Close date": plain(item.close_date or ""),
        }
    for label, value in details.items():
        st.markdown(f"**{label}:** {value or '—'}")


def associations_view(ctx: Context, *, kind: TargetKind, target_id: str) -> None:
    """A contact's or deal's associated records, one section per object type."""
    groups = associations.grouped_records(ctx, kind=kind, target_id=target_id)
    if not groups:
        st.caption(f"No records are associated with this {kind.value} yet.")
    form = f"{kind.value}_association.remove"
    form_problems(form)
    for group in groups:
        _association_group(ctx, group, form=form)


def associated_since(on: date) -> str:
    """When an association starts: "from" a future date, "since" any other."""
    return f"{'from' if on > date.today() else 'since'} {on.isoformat()}"


def _remove_association(ctx: Context, form: str, link_id: str, message: str) -> None:
    submit(form, lambda: associations.disassociate(ctx, association_id=link_id))
    done(form, message)


def _association_group(ctx: Context, group: AssociationGroup, *, form: str) -> None:
    object_type = group.object_type
    st.subheader(f"{type_heading(object_type)} ({len(group.items)})", anchor=False)
    for item in group.items:
        link, name = item.association, item.record.display_name
        record, label, when, remove = st.columns(
            [4, 2, 2, 1], vertical_alignment="center"
        )
        record.page_link(
            RECORDS_PAGE, label=plain(name), query_params={"type": object_type.key}
        )
        label.markdown(f":gray-badge[{plain(link.label)}]" if link.label else "—")
        when.markdown(associated_since(link.associated_on))
        if ctx.user.can(Permission.EDIT_CRM) and confirmed(
            f"{form}.{link.id}",
            label="Remove",
            prompt=f"Remove the association with {object_type.name} '{name}'? "
            f"The {object_type.name} itself stays.",
            answer="Yes, remove",
            icon=":material/link_off:",
            help=f"Remove this association; the {object_type.name} itself stays.",
            tertiary=True,
            place=remove,
        ):
            _remove_association(
                ctx,
                form,
                link.id,
                f"Removed the association with {object_type.name} '{name}'.",
            )


def associate_form(ctx: Context, *, kind: TargetKind, target: Contact | Deal) -> None:
    """Choose a record of a type by its primary property, a label and a date."""
    form = f"{kind.value}_association"
    types = {t.key: t for t in object_types.list_object_types(ctx)}
    if not types:
        st.info("No object types yet; create one on the Object types page first.")
        st.page_link(OBJECT_TYPES_PAGE, label="Object types")
        return
    keys = prefix(form)
    with st.container(border=True):
        type_key = st.selectbox(
            "Object type",
            list(types),
            format_func=lambda key: type_label(types[key]),
            key=f"{keys}.type",
        )
        object_type = types[type_key]
        record = record_picker(ctx, object_type, form=f"{keys}.{type_key}")
        label = st.text_input(
            "Label",
            key=f"{keys}.label",
            placeholder="What the link means, like student or guardian",
        )
        field_problem(form, "label")
        associated_on = st.date_input(
            "Associated on",
            value="today",
            min_value=EARLIEST_DATE,
            max_value=LATEST_DATE,
            format="YYYY-MM-DD",
            key=f"{keys}.date",
        )
        form_problems(form, shown=["label"])
        clicked = st.button(
            "Associate",
            key=f"{keys}.submit",
            type="primary",
            disabled=record is None,
            help=None if record else f"Search and choose a {plain(object_type.name)}.",
        )
    if clicked and record is not None:
        link = submit(
            form,
            lambda: associations.associate(
                ctx,
                record_id=record.id,
                kind=kind,
                target_id=target.id,
                label=label,
                associated_on=associated_on,
            ),
        )
        suffix = f" as {link.label}" if link.label else ""
        done(
            form,
            f"Associated {object_type.name} '{record.display_name}' with "
            f"{kind.value} '{target.name}'{suffix}.",
        )


def target_page(kind: TargetKind) -> None:
    """The contacts page and the deals page: a list, and one by deep link."""
    title = f"{kind.label}s"
    show_flash()
    with errors_shown():
        ctx = context()
        target_id = st.query_params.get(_PARAM)
        if not target_id:
            st.title(title)
            _target_list(ctx, kind)
            return
        back_button(_PARAM, f"All {kind.value}s", key=f"{kind.value}s.back")
        item = crm.get_target(ctx, kind=kind, target_id=target_id)
        _target_details(item)
        if not ctx.account.has_module(CUSTOM_OBJECTS):
            return
        st.divider()
        st.subheader("Associated records", anchor=False)
        with errors_shown():
            associations_view(ctx, kind=kind, target_id=item.id)
            if not ctx.user.can(Permission.EDIT_CRM):
                read_only(
                    f"You can see the records associated with this {kind.value}. "
                    "Associating and removing them needs the "
                    f"'{Permission.EDIT_CRM.label}' permission; ask an administrator."
                )
                return
            st.subheader("Associate a record", anchor=False)
            associate_form(ctx, kind=kind, target=item)
