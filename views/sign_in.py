"""Sign in: email and password, or the identity provider in OIDC mode.

Not a page of its own: the entry script shows it instead of any page while
nobody is signed in, so a deep link opens its page right after signing in.
"""

from __future__ import annotations

import streamlit as st

from schemas.users import Role
from services import auth
from services.demo import DEMO_USERS
from services.settings import AuthMode
from views import components

FORM = "sign_in"


def render() -> None:
    """The sign-in screen, shown in place of whatever page was asked for."""
    st.title(":material/login: Sign in")
    settings = components.app_settings()
    signed_out = st.session_state.pop(components.SIGNED_OUT, "")
    if signed_out:
        st.info(signed_out, icon=":material/info:")
    refused = st.session_state.pop(components.REFUSED, "")
    if refused:
        st.error(components.plain(refused), icon=":material/error:")

    if settings.auth_mode is AuthMode.OIDC:
        if components.identity_provider_signed_in():
            st.button(
                "Sign out of the identity provider",
                key="sign_in.oidc_logout",
                on_click=st.logout,
            )
        else:
            st.button(
                "Sign in with your identity provider",
                key="sign_in.oidc",
                type="primary",
                on_click=st.login,
            )
    else:
        keys = components.prefix(FORM)
        with st.form(key=FORM, enter_to_submit=True):
            email = st.text_input("Email", key=f"{keys}.email", autocomplete="username")
            password = st.text_input(
                "Password",
                type="password",
                key=f"{keys}.password",
                autocomplete="current-password",
            )
            components.form_problems(FORM)
            submitted = st.form_submit_button(
                "Sign in", type="primary", key=f"{keys}.submit"
            )
        if submitted:
            user = components.submit(
                FORM, lambda: auth.sign_in(components.store(), email, password)
            )
            components.start_session(user)
            components.reset_form(FORM)
            st.rerun()

    if settings.demo_mode:
        st.caption("Demo mode: these users exist in the demo account.")
        st.dataframe(
            [
                {
                    "Email": email,
                    "Password": password,
                    "Role": role.label,
                    "Custom object management": "Yes"
                    if manage or role is Role.ADMIN
                    else "No",
                }
                for email, _, role, manage, password in DEMO_USERS
            ],
            hide_index=True,
            key="sign_in.demo_users",
        )
