"""The Streamlit entry point: start-up, then the pages by concern."""

from __future__ import annotations

import logging
import os

import streamlit as st

if not logging.getLogger().handlers:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

st.set_page_config(page_title="Custom Objects", page_icon=":material/category:", layout="wide")

navigation = st.navigation(
    {
        "CRM": [
            st.Page("views/contacts.py", title="Contacts", icon=":material/person:", url_path="contacts", default=True),
            st.Page("views/deals.py", title="Deals", icon=":material/handshake:", url_path="deals"),
        ],
        "Custom Objects": [
            st.Page("views/records.py", title="Records", icon=":material/table_rows:", url_path="records"),
            st.Page("views/object_types.py", title="Object types", icon=":material/category:", url_path="object-types"),
        ],
    }
)
navigation.run()
