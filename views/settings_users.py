"""Settings → Users: create or invite users, set role and permission, deactivate."""

from __future__ import annotations

import streamlit as st

from schemas.users import Role, User
from services import users
from services.context import Context
from views import components

CREATE = "user_new"
ACCESS = "user_access"
INITIAL_PASSWORD = "user_new:initial_password"


def user_rows(found: list[User]) -> list[dict[str, str]]:
    return [
        {
            "Email": user.email,
            "Name": user.name,
            "Role": user.role.label,
            "Custom object management": "Yes" if user.can_manage() else "No",
            "Status": "Active" if user.active else "Deactivated",
        }
        for user in found
    ]


def create_form(ctx: Context) -> None:
    keys = components.prefix(CREATE)
    with st.form(keys, enter_to_submit=False):
        email = st.text_input("Email", key=f"{keys}.email")
        components.field_problem(CREATE, "email")
        name = st.text_input("Name", key=f"{keys}.name")
        role = st.selectbox(
            "Role",
            list(Role),
            index=2,
            format_func=lambda r: r.label,
            key=f"{keys}.role",
        )
        manage = st.checkbox("Custom object management", key=f"{keys}.manage")
        password = st.text_input(
            "Password",
            type="password",
            help="Leave empty to invite: a password is generated and shown once, "
            "for you to give them.",
            key=f"{keys}.password",
        )
        components.field_problem(CREATE, "password")
        components.form_problems(CREATE, shown=("email", "password"))
        submitted = st.form_submit_button(
            "Create user", type="primary", key=f"{keys}.submit"
        )
    if submitted:
        user, generated = components.submit(
            CREATE,
            lambda: users.create_user(
                ctx,
                email=email,
                name=name,
                role=role,
                manage_custom_objects=manage,
                password=password or None,
            ),
        )
        if generated:
            st.session_state[INITIAL_PASSWORD] = (user.email, generated)
        components.done(CREATE, f"Created {user.role.value} {user.email}.")


def access_form(ctx: Context, found: list[User]) -> None:
    by_id = {user.id: user for user in found}
    chosen = st.selectbox(
        "User",
        list(by_id),
        format_func=lambda uid: f"{by_id[uid].email} ({by_id[uid].role.label})",
        key="user_access.user",
    )
    user = by_id[chosen]
    keys = f"{components.prefix(ACCESS)}.{user.id}"
    role = st.selectbox(
        "Role",
        list(Role),
        index=list(Role).index(user.role),
        format_func=lambda r: r.label,
        key=f"{keys}.role",
    )
    manage = st.checkbox(
        "Custom object management",
        value=user.manage_custom_objects,
        key=f"{keys}.manage",
    )
    components.form_problems(ACCESS)
    left, right = st.columns(2)
    if left.button("Save access", key=f"{keys}.save", type="primary"):
        components.submit(
            ACCESS,
            lambda: users.set_access(
                ctx, user.id, role=role, manage_custom_objects=manage
            ),
        )
        components.done(ACCESS, f"Saved the access of {user.email}.")
    if user.active and right.button("Deactivate", key=f"{keys}.deactivate"):
        components.submit(ACCESS, lambda: users.deactivate_user(ctx, user.id))
        components.done(ACCESS, f"Deactivated {user.email}; their sessions have ended.")
    if not user.active and right.button("Reactivate", key=f"{keys}.reactivate"):
        components.submit(ACCESS, lambda: users.reactivate_user(ctx, user.id))
        components.done(ACCESS, f"Reactivated {user.email}.")


st.title(":material/group: Users")
components.show_flash()
with components.errors_shown():
    ctx = components.context()
    found = users.list_users(ctx)
    initial = st.session_state.pop(INITIAL_PASSWORD, None)
    if initial:
        email, password = initial
        st.warning(
            f"Initial password for {components.plain(email)}: `{password}` — copy "
            "it now and give it to them; it is not shown again.",
            icon=":material/key:",
        )
    st.dataframe(user_rows(found), hide_index=True, key="users.table")
    with st.expander("Create or invite a user", icon=":material/person_add:"):
        create_form(ctx)
    st.subheader("Role and permission")
    access_form(ctx, found)
