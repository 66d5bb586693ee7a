"""Settings → Modules: switch Custom Objects on or off for the account."""

from __future__ import annotations

import streamlit as st

from schemas.accounts import CUSTOM_OBJECTS
from schemas.users import Permission
from services import accounts
from views import components

FORM = "modules"

st.title(":material/extension: Modules")
components.show_flash()
ctx = components.context()
with components.errors_shown():
    ctx.require(Permission.ADMINISTER, "switch modules")
    enabled = ctx.account.has_module(CUSTOM_OBJECTS)
    with st.container(border=True):
        st.subheader(":material/category: Custom Objects")
        st.write(
            "Object types of your own (courses, properties, procedures…), their "
            "records, and their associations with contacts and deals."
        )
        st.write(f"Status: **{'on' if enabled else 'off'}**")
        if enabled:
            st.caption(
                "Turning it off hides its pages and pauses its features; nothing is "
                "deleted, and turning it on again shows everything as it was."
            )
        components.form_problems(FORM)
        if st.button(
            "Disable Custom Objects" if enabled else "Enable Custom Objects",
            key="modules.custom_objects",
            type="secondary" if enabled else "primary",
        ):
            components.submit(
                FORM,
                lambda: accounts.set_module(ctx, CUSTOM_OBJECTS, enabled=not enabled),
            )
            components.done(
                FORM, f"Custom Objects is now {'off' if enabled else 'on'}."
            )
