"""Settings → API keys: create keys for integrations (shown once), list, revoke."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from schemas.api_keys import ApiKey, Scope
from services import api_keys
from services.context import Context
from views import components

CREATE = "api_key_new"
REVOKE = "api_key_revoke"
NEW_SECRET = "api_key_new:secret"


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "Never"


def key_rows(found: list[ApiKey]) -> list[dict[str, str]]:
    return [
        {
            "Name": key.name,
            "Scope": key.scope.label,
            "Key": key.hint,
            "Created": _when(key.created_at),
            "Last used": _when(key.last_used_at),
            "Status": "Active" if key.active else f"Revoked {_when(key.revoked_at)}",
        }
        for key in found
    ]


def create_form(ctx: Context) -> None:
    keys = components.prefix(CREATE)
    with st.form(keys, enter_to_submit=False):
        name = st.text_input(
            "Name",
            placeholder="Website sync",
            help="What uses the key, so that you know which to revoke.",
            key=f"{keys}.name",
        )
        components.field_problem(CREATE, "name")
        scope = st.radio(
            "Scope",
            list(Scope),
            format_func=lambda s: s.label,
            horizontal=True,
            key=f"{keys}.scope",
        )
        components.form_problems(CREATE, shown=("name",))
        submitted = st.form_submit_button(
            "Create key", type="primary", key=f"{keys}.submit"
        )
    if submitted:
        key, secret = components.submit(
            CREATE, lambda: api_keys.create_api_key(ctx, name=name, scope=scope)
        )
        st.session_state[NEW_SECRET] = (key.name, secret)
        components.done(CREATE, f"Created the API key '{key.name}'.")


def revoke_form(ctx: Context, found: list[ApiKey]) -> None:
    active = {key.id: key for key in found if key.active}
    if not active:
        st.caption("No active keys.")
        return
    chosen = st.selectbox(
        "Key",
        list(active),
        format_func=lambda kid: f"{active[kid].name} ({active[kid].hint})",
        key="api_key_revoke.key",
    )
    components.form_problems(REVOKE)
    st.caption("A revoked key stops working at once; this cannot be undone.")
    if st.button("Revoke key", key="api_key_revoke.submit", icon=":material/block:"):
        key = components.submit(REVOKE, lambda: api_keys.revoke_api_key(ctx, chosen))
        components.done(REVOKE, f"Revoked the API key '{key.name}'.")


st.title(":material/key: API keys")
components.show_flash()
ctx = components.context()
with components.errors_shown():
    found = api_keys.list_api_keys(ctx)
    new_key = st.session_state.pop(NEW_SECRET, None)
    if new_key:
        name, secret = new_key
        st.warning(
            f"The API key '{components.plain(name)}' — copy it now; it is not shown "
            "again.",
            icon=":material/key:",
        )
        st.code(secret, language=None)
    st.write(
        "Integrations call the API under `/api/v1` with "
        "`Authorization: Bearer <key>`; the reference is at /api/v1/docs."
    )
    if found:
        st.dataframe(key_rows(found), hide_index=True, key="api_keys.table")
    else:
        st.caption("No API keys yet.")
    with st.expander("Create a key", icon=":material/add:"):
        create_form(ctx)
    st.subheader("Revoke a key")
    revoke_form(ctx, found)
