"""The Streamlit entry point: sign-in, then the pages the user may see.

Every page stays registered so that a deep link always reaches one; the sidebar
lists only those the account's modules and the user's role allow, and the
services refuse the rest with a message that says why.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

from schemas.accounts import CUSTOM_OBJECTS
from schemas.users import Permission
from views import components, sign_in

if not logging.getLogger().handlers:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

st.set_page_config(
    page_title="Custom Objects", page_icon=":material/category:", layout="wide"
)

CRM = [
    st.Page(
        "views/contacts.py", title="Contacts", icon=":material/person:", default=True
    ),
    st.Page(
        "views/deals.py", title="Deals", icon=":material/handshake:", url_path="deals"
    ),
]
CUSTOM_OBJECT_PAGES = [
    st.Page(
        "views/records.py",
        title="Records",
        icon=":material/table_rows:",
        url_path="records",
    ),
    st.Page(
        "views/object_types.py",
        title="Object types",
        icon=":material/category:",
        url_path="object-types",
    ),
]
SETTINGS = [
    st.Page(
        "views/settings_modules.py",
        title="Modules",
        icon=":material/extension:",
        url_path="settings-modules",
    ),
    st.Page(
        "views/settings_users.py",
        title="Users",
        icon=":material/group:",
        url_path="settings-users",
    ),
    st.Page(
        "views/settings_api_keys.py",
        title="API keys",
        icon=":material/key:",
        url_path="settings-api-keys",
    ),
]
navigation = st.navigation([*CRM, *CUSTOM_OBJECT_PAGES, *SETTINGS], position="hidden")
user = components.signed_in_user()
if user is None:
    sign_in.render()
    st.stop()

ctx = components.context()
sections = {"CRM": CRM}
if ctx.account.has_module(CUSTOM_OBJECTS):
    sections["Custom Objects"] = CUSTOM_OBJECT_PAGES
if user.can(Permission.ADMINISTER):
    sections["Settings"] = SETTINGS

with st.sidebar:
    for title, pages in sections.items():
        st.caption(title)
        for page in pages:
            st.page_link(page)
    st.divider()
    st.markdown(
        f"**{components.plain(user.name)}**  \n"
        f"{user.role.label} · {components.plain(ctx.account.name)}"
    )
    if st.button("Sign out", key="sign_out", icon=":material/logout:"):
        components.end_session("You have signed out.")
        if components.identity_provider_signed_in():
            st.logout()
        st.rerun()
navigation.run()
