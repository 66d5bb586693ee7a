"""Issue #3 in the pages: sign-in (local and OIDC), the Custom Objects module
switch, what each role is offered, and Settings → Users."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from schemas.accounts import Account
from schemas.crm import Contact, TargetKind
from schemas.object_types import ObjectType
from schemas.users import Role, User
from services import associations, auth, users
from services.context import Context
from store import events
from store import users as stored_users
from store.engine import Store
from tests.factories import (
    make_contact,
    make_deal,
    make_record,
    make_user,
)
from tests.views.conftest import (
    APP,
    TIMEOUT,
    OpenPage,
    errors,
    keys,
    shown,
    signed_in,
    successes,
)

PASSWORD = "correct horse"
WRONG = "Email or password is wrong. Check them and try again."
ENDED = "Your session has ended; sign in again."
MODULE_OFF = (
    "Custom Objects is not enabled for this account. Ask an administrator to "
    "enable it in Settings → Modules."
)
TYPES_READ_ONLY = (
    "You can browse object types. Creating and changing them needs the "
    "'Custom object management' permission; ask an administrator."
)
RECORDS_READ_ONLY = (
    "You can browse records. Creating and changing them needs the "
    "'Custom object management' permission; ask an administrator."
)
CUSTOM_OBJECT_PAGES = ["Records", "Object types"]
SETTINGS_PAGES = ["Modules", "Users", "API keys"]

# (role, custom object management granted, may manage object types and records)
ROLES = [
    (Role.ADMIN, False, True),
    (Role.MANAGER, True, True),
    (Role.MANAGER, False, False),
    (Role.MEMBER, False, False),
    (Role.VIEWER, False, False),
    (Role.VIEWER, True, True),
]


@pytest.fixture(scope="module")
def hashed() -> str:
    """An argon2id hash with the least work, to keep sign-in tests fast."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)


@pytest.fixture
def member(store: Store, account: Account, hashed: str) -> User:
    return make_user(
        store, account, Role.MEMBER, email="julia@example.com", password_hash=hashed
    )


@pytest.fixture
def signed_out(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app in a new browser session, nobody signed in, demo mode off."""
    monkeypatch.setenv("DEMO_MODE", "off")
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


@pytest.fixture
def oidc(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app in OIDC mode, not yet run: set `at.user`, then run it."""
    monkeypatch.setenv("AUTH_MODE", "oidc")
    monkeypatch.setenv("DEMO_MODE", "off")
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


@pytest.fixture
def ana(ctx: Context) -> Contact:
    return make_contact(ctx, "Ana", "Silva", email="ana@example.com")


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    form = keys(at, "sign_in")
    at.text_input(key=f"{form}.email").input(email)
    at.text_input(key=f"{form}.password").input(password)
    return at.button(key=f"{form}.submit").click().run()


def on_sign_in_screen(at: AppTest) -> bool:
    return [t.value for t in at.title] == [":material/login: Sign in"]


def sidebar_pages(at: AppTest) -> list[str]:
    return [link.value for link in at.sidebar.page_link]


def infos(at: AppTest) -> list[str]:
    return [str(i.value) for i in at.info]


def role_user(store: Store, account: Account, role: Role, manage: bool) -> User:
    return make_user(
        store,
        account,
        role,
        email=f"{role.value}{'-manage' if manage else ''}@roles.example",
        manage_custom_objects=manage,
    )


def user_row(at: AppTest, email: str) -> dict:
    [table] = at.dataframe
    rows = table.value.to_dict("records")
    return next(row for row in rows if row["Email"] == email)


# --- local sign-in ------------------------------------------------------------


def test_signed_out_shows_only_the_sign_in_form(signed_out: AppTest):
    at = signed_out

    assert on_sign_in_screen(at)
    assert [t.label for t in at.text_input] == ["Email", "Password"]
    assert at.button(key="sign_in.submit").label == "Sign in"
    assert sidebar_pages(at) == []
    assert not at.exception


def test_sign_in_shows_the_app_with_name_and_role(signed_out: AppTest, member: User):
    at = sign_in(signed_out, "julia@example.com", PASSWORD)

    assert errors(at) == []
    assert [t.value for t in at.title] == ["Contacts"]
    assert f"**{member.name}**  \nMember · Demo" in [
        m.value for m in at.sidebar.markdown
    ]
    assert at.sidebar.button(key="sign_out").label == "Sign out"
    assert not at.exception


def test_sign_out_returns_to_the_sign_in_screen(signed_out: AppTest, member: User):
    at = sign_in(signed_out, "julia@example.com", PASSWORD)

    at.sidebar.button(key="sign_out").click().run()

    assert on_sign_in_screen(at)
    assert infos(at) == ["You have signed out."]
    assert "session" not in at.session_state
    assert not at.exception


def test_wrong_password_says_so_and_keeps_the_email(signed_out: AppTest, member: User):
    at = sign_in(signed_out, "julia@example.com", "wrong horse")

    assert on_sign_in_screen(at)
    assert errors(at) == [WRONG]
    assert at.text_input(key="sign_in.email").value == "julia@example.com"
    assert not at.exception


def test_unknown_email_gets_the_same_words(signed_out: AppTest, member: User):
    at = sign_in(signed_out, "nobody@example.com", PASSWORD)

    assert errors(at) == [WRONG]


def test_repeated_failures_lock_sign_in(signed_out: AppTest, member: User):
    at = signed_out
    seen = []

    # Every attempt while locked is refused without counting, and every other
    # one locks for longer, so the lock is soon longer than an attempt takes.
    for _ in range(8):
        seen.extend(errors(sign_in(at, "julia@example.com", "wrong horse")))
        if seen[-1] != WRONG:
            break
    at = sign_in(at, "julia@example.com", PASSWORD)

    assert seen[:3] == [WRONG] * 3
    assert re.fullmatch(
        r"Too many failed sign-ins for julia@example\.com; wait \d+ seconds? and "
        r"try again\.",
        seen[-1],
    )
    assert on_sign_in_screen(at)
    assert errors(at)[0].startswith("Too many failed sign-ins for julia@example.com")
    assert not at.exception


def test_deactivated_user_is_refused(ctx: Context, signed_out: AppTest, member: User):
    users.deactivate_user(ctx, member.id)

    at = sign_in(signed_out, "julia@example.com", PASSWORD)

    assert on_sign_in_screen(at)
    assert errors(at) == [
        "The user julia@example.com is deactivated. Ask an administrator to "
        "reactivate it."
    ]


def test_deactivated_while_signed_in_is_signed_out_at_the_next_rerun(
    ctx: Context, signed_out: AppTest, member: User
):
    at = sign_in(signed_out, "julia@example.com", PASSWORD)
    users.deactivate_user(ctx, member.id)

    at.run()

    assert on_sign_in_screen(at)
    assert infos(at) == [ENDED]
    assert sidebar_pages(at) == []
    assert not at.exception


@pytest.mark.parametrize(("demo_mode", "tables"), [("on", 1), ("off", 0)])
def test_demo_users_are_listed_only_in_demo_mode(
    monkeypatch: pytest.MonkeyPatch, demo_mode: str, tables: int
):
    monkeypatch.setenv("DEMO_MODE", demo_mode)

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()

    assert at.dataframe.len == tables
    if tables:
        rows = at.dataframe[0].value.to_dict("records")
        assert [(r["Email"], r["Password"]) for r in rows] == [
            ("admin@demo.example", "demo-admin"),
            ("manager@demo.example", "demo-manager"),
            ("member@demo.example", "demo-member"),
            ("viewer@demo.example", "demo-viewer"),
        ]


def test_deep_link_opens_its_page_after_sign_in(
    ctx: Context, course: ObjectType, signed_out: AppTest, member: User
):
    make_record(ctx, course, "Algebra")
    at = signed_out
    at.query_params["type"] = "course"
    at.switch_page("views/records.py").run()
    asked = on_sign_in_screen(at)

    at = sign_in(at, "julia@example.com", PASSWORD)

    assert asked
    assert [t.value for t in at.title] == ["Records"]
    assert at.query_params == {"type": "course"}
    assert at.selectbox(key="records.type").value == "course"
    assert at.dataframe[0].value["Name"].tolist() == ["Algebra"]
    assert not at.exception


# --- OIDC ---------------------------------------------------------------------


def test_oidc_signed_out_offers_the_identity_provider(oidc: AppTest):
    oidc.user = {"is_logged_in": False}

    at = oidc.run()

    assert on_sign_in_screen(at)
    assert at.button(key="sign_in.oidc").label == "Sign in with your identity provider"
    assert at.text_input.len == 0
    assert not at.exception


def test_oidc_known_email_signs_in(oidc: AppTest, member: User):
    oidc.user = {"is_logged_in": True, "email": "julia@example.com"}

    at = oidc.run()

    assert [t.value for t in at.title] == ["Contacts"]
    assert f"**{member.name}**  \nMember · Demo" in [
        m.value for m in at.sidebar.markdown
    ]
    assert not at.exception


def test_oidc_unknown_email_is_refused_and_given_no_account(
    store: Store, oidc: AppTest
):
    oidc.user = {"is_logged_in": True, "email": "stranger@example.com"}

    at = oidc.run()

    assert on_sign_in_screen(at)
    assert errors(at) == [
        "No active user has the email stranger@example.com. Ask an administrator "
        "to add you."
    ]
    assert stored_users.find_by_email(store, "stranger@example.com") == []
    assert "session" not in at.session_state
    assert not at.exception


def test_oidc_sign_out_leaves_the_identity_provider(oidc: AppTest, member: User):
    oidc.user = {"is_logged_in": True, "email": "julia@example.com"}
    at = oidc.run()

    at.sidebar.button(key="sign_out").click().run()

    assert on_sign_in_screen(at)
    assert at.user == {"is_logged_in": False}
    assert at.button(key="sign_in.oidc").label == "Sign in with your identity provider"
    assert not at.exception


# --- the module switch --------------------------------------------------------


def switch_custom_objects(at: AppTest) -> AppTest:
    return at.button(key="modules.custom_objects").click().run()


def test_module_switch_hides_and_restores_custom_objects(
    ctx: Context,
    store: Store,
    account: Account,
    course: ObjectType,
    ana: Contact,
    open_page: OpenPage,
):
    algebra = make_record(ctx, course, "Algebra")
    associations.associate(
        ctx,
        record_id=algebra.id,
        kind=TargetKind.CONTACT,
        target_id=ana.id,
        label="student",
    )
    at = open_page("settings_modules")
    pages_on = sidebar_pages(at)

    switch_custom_objects(at)
    off = successes(at), sidebar_pages(at)
    contacts_off = open_page("contacts")
    contact_off = open_page("contacts", id=ana.id)
    at = switch_custom_objects(open_page("settings_modules"))
    on = successes(at), sidebar_pages(at)
    records_on = open_page("records", type="course")
    contact_on = open_page("contacts", id=ana.id)

    assert pages_on == ["Contacts", "Deals", *CUSTOM_OBJECT_PAGES, *SETTINGS_PAGES]
    assert off == (
        ["Custom Objects is now off."],
        ["Contacts", "Deals", *SETTINGS_PAGES],
    )
    assert [b.label for b in contacts_off.button if ".open." in (b.key or "")] == [
        "Ana Silva"
    ]
    assert errors(contact_off) == []
    assert "Associated records" not in [s.value for s in contact_off.subheader]
    assert on == (["Custom Objects is now on."], pages_on)
    assert records_on.dataframe[0].value["Name"].tolist() == ["Algebra"]
    assert [p.value for p in contact_on.main.page_link] == ["Algebra"]
    assert ":gray-badge[student]" in [m.value for m in contact_on.main.markdown]
    assert [
        (e["action"], e["actor"], e["before"], e["after"])
        for e in events.recent(store, account.id)[:2]
    ] == [
        (
            "module.enabled",
            ctx.user.email,
            {"custom_objects": False},
            {"custom_objects": True},
        ),
        (
            "module.disabled",
            ctx.user.email,
            {"custom_objects": True},
            {"custom_objects": False},
        ),
    ]


@pytest.mark.parametrize("page", ["records", "object_types"])
def test_module_off_direct_visit_shows_only_why(
    course: ObjectType, module_off: None, open_page: OpenPage, page: str
):
    at = open_page(page, type="course")

    assert errors(at) == [MODULE_OFF]
    assert at.main.button.len == 0
    assert at.main.text_input.len == 0
    assert at.main.selectbox.len == 0
    assert at.dataframe.len == 0
    assert not at.exception


# --- roles --------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_settings_are_listed_only_for_admins(
    store: Store, account: Account, open_page: OpenPage, role: Role
):
    user = role_user(store, account, role, manage=False)

    at = open_page("contacts", user=user)

    settings = SETTINGS_PAGES if role is Role.ADMIN else []
    assert sidebar_pages(at) == ["Contacts", "Deals", *CUSTOM_OBJECT_PAGES, *settings]
    assert f"{role.label} · Demo" in at.sidebar.markdown[0].value


@pytest.mark.parametrize(
    ("page", "doing"),
    [
        ("settings_modules", "switch modules"),
        ("settings_users", "manage users"),
        ("settings_api_keys", "manage API keys"),
    ],
)
@pytest.mark.parametrize("role", [Role.MANAGER, Role.MEMBER, Role.VIEWER])
def test_non_admin_visiting_settings_sees_why(
    store: Store,
    account: Account,
    open_page: OpenPage,
    page: str,
    doing: str,
    role: Role,
):
    user = role_user(store, account, role, manage=True)

    at = open_page(page, user=user)

    assert errors(at) == [
        f"You need the 'Administration' permission to {doing}. Ask an administrator."
    ]
    assert at.main.button.len == 0
    assert at.dataframe.len == 0


@pytest.mark.parametrize(("role", "manage", "manages"), ROLES)
def test_object_types_list_offers_the_new_type_form_to_managers_only(
    store: Store,
    account: Account,
    course: ObjectType,
    open_page: OpenPage,
    role: Role,
    manage: bool,
    manages: bool,
):
    user = role_user(store, account, role, manage)

    at = open_page("object_types", user=user)

    assert [b.label for b in at.button if (b.key or "").startswith("types.open.")] == [
        "🎓 Course"
    ]
    assert ("type_new.submit" in [b.key for b in at.button]) is manages
    assert infos(at) == ([] if manages else [TYPES_READ_ONLY])


@pytest.mark.parametrize(("role", "manage", "manages"), ROLES)
def test_object_type_page_offers_changes_to_managers_only(
    store: Store,
    account: Account,
    course: ObjectType,
    open_page: OpenPage,
    role: Role,
    manage: bool,
    manages: bool,
):
    user = role_user(store, account, role, manage)

    at = open_page("object_types", user=user, type="course")

    change_keys = [
        f"type_edit.{course.id}.submit",
        f"field_new.{course.id}.submit",
        f"field_edit.{course.id}.name.submit",
        f"type_lifecycle.{course.id}.archive",
        f"type_lifecycle.{course.id}.delete",
    ]
    shown = [b.key for b in at.button]
    assert at.dataframe[0].value["Label"].tolist() == ["Name"]
    assert [key in shown for key in change_keys] == [manages] * len(change_keys)
    assert infos(at) == ([] if manages else [TYPES_READ_ONLY])
    assert not at.exception


@pytest.mark.parametrize(("role", "manage", "manages"), ROLES)
def test_records_page_offers_new_and_edit_to_managers_only(
    ctx: Context,
    store: Store,
    account: Account,
    course: ObjectType,
    open_page: OpenPage,
    role: Role,
    manage: bool,
    manages: bool,
):
    make_record(ctx, course, "Algebra")
    user = role_user(store, account, role, manage)

    at = open_page("records", user=user, type="course")

    assert at.dataframe[0].value["Name"].tolist() == ["Algebra"]
    assert (at.segmented_control.len == 1) is manages
    assert infos(at) == ([] if manages else [RECORDS_READ_ONLY])
    assert not at.exception


@pytest.mark.parametrize("kind", ["contact", "deal"])
@pytest.mark.parametrize(
    ("role", "associates"),
    [
        (Role.ADMIN, True),
        (Role.MANAGER, True),
        (Role.MEMBER, True),
        (Role.VIEWER, False),
    ],
)
def test_associate_and_remove_are_offered_to_editors_only(
    ctx: Context,
    store: Store,
    account: Account,
    course: ObjectType,
    ana: Contact,
    open_page: OpenPage,
    kind: str,
    role: Role,
    associates: bool,
):
    target = ana if kind == "contact" else make_deal(ctx, "School contract")
    link = associations.associate(
        ctx,
        record_id=make_record(ctx, course, "Algebra").id,
        kind=TargetKind(kind),
        target_id=target.id,
    )
    user = role_user(store, account, role, manage=True)

    at = open_page(f"{kind}s", user=user, id=target.id)

    shown = [b.key for b in at.button]
    assert [p.value for p in at.main.page_link] == ["Algebra"]
    assert (f"{kind}_association.remove.{link.id}" in shown) is associates
    assert (f"{kind}_association.submit" in shown) is associates
    assert infos(at) == (
        []
        if associates
        else [
            f"You can see the records associated with this {kind}. Associating and "
            "removing them needs the 'Edit contacts and deals' permission; ask an "
            "administrator."
        ]
    )
    assert not at.exception


# --- Settings → Users ---------------------------------------------------------


def create_user(at: AppTest, email: str, *, password: str = "", **fields) -> AppTest:
    form = keys(at, "user_new")
    at.text_input(key=f"{form}.email").input(email)
    at.text_input(key=f"{form}.name").input(fields.get("name", ""))
    if "role" in fields:
        at.selectbox(key=f"{form}.role").select(fields["role"])
    if fields.get("manage"):
        at.checkbox(key=f"{form}.manage").check()
    at.text_input(key=f"{form}.password").input(password)
    return at.button(key=f"{form}.submit").click().run()


def access(at: AppTest, user: User) -> str:
    """The key prefix of the access widgets of `user`, after choosing them."""
    at.selectbox(key="user_access.user").select(user.id).run()
    return f"{keys(at, 'user_access')}.{user.id}"


def test_create_a_user_with_a_password(store: Store, open_page: OpenPage):
    at = open_page("settings_users")

    create_user(
        at,
        "Bruno@Example.com",
        password="long enough",
        name="Bruno Costa",
        role=Role.MANAGER,
        manage=True,
    )

    assert successes(at) == ["Created manager bruno@example.com."]
    assert at.warning.len == 0
    assert user_row(at, "bruno@example.com") == {
        "Email": "bruno@example.com",
        "Name": "Bruno Costa",
        "Role": "Manager",
        "Custom object management": "Yes",
        "Status": "Active",
    }
    assert auth.sign_in(store, "bruno@example.com", "long enough").name == "Bruno Costa"
    assert at.text_input(key="user_new~1.email").value == ""


def test_invite_shows_the_initial_password_once(store: Store, open_page: OpenPage):
    at = open_page("settings_users")

    create_user(at, "carla@example.com")
    warned = [shown(w.value) for w in at.warning]
    at.run()

    [message] = warned
    found = re.fullmatch(
        r"Initial password for carla@example\.com: `(?P<password>\S+)` — copy "
        r"it now and give it to them; it is not shown again\.",
        message,
    )
    assert found
    assert auth.sign_in(store, "carla@example.com", found["password"]).role is (
        Role.MEMBER
    )
    assert at.warning.len == 0


def test_duplicate_email_is_refused_with_the_reason(admin: User, open_page: OpenPage):
    at = open_page("settings_users")

    create_user(at, admin.email.upper(), password="long enough")

    assert errors(at) == [
        f"This account already has a user with the email {admin.email}."
    ]
    assert at.text_input(key="user_new.email").value == admin.email.upper()


def test_short_password_is_refused_beside_it(open_page: OpenPage):
    at = open_page("settings_users")

    create_user(at, "dora@example.com", password="short")

    assert errors(at) == ["The password has 5 characters; use at least 8."]


def test_change_role_and_permission(store: Store, member: User, open_page: OpenPage):
    at = open_page("settings_users")
    prefix = access(at, member)

    at.selectbox(key=f"{prefix}.role").select(Role.VIEWER)
    at.checkbox(key=f"{prefix}.manage").check()
    at.button(key=f"{prefix}.save").click().run()

    changed = stored_users.get(store, member.account_id, member.id)
    assert successes(at) == ["Saved the access of julia@example.com."]
    assert (changed.role, changed.manage_custom_objects) == (Role.VIEWER, True)
    assert user_row(at, "julia@example.com")["Role"] == "Viewer"
    assert user_row(at, "julia@example.com")["Custom object management"] == "Yes"


def test_deactivate_and_reactivate(store: Store, member: User, open_page: OpenPage):
    at = open_page("settings_users")
    prefix = access(at, member)

    at.button(key=f"{prefix}.deactivate").click().run()
    deactivated = successes(at), user_row(at, "julia@example.com")["Status"]
    prefix = access(at, member)
    at.button(key=f"{prefix}.reactivate").click().run()

    assert deactivated == (
        ["Deactivated julia@example.com; their sessions have ended."],
        "Deactivated",
    )
    assert successes(at) == ["Reactivated julia@example.com."]
    assert user_row(at, "julia@example.com")["Status"] == "Active"
    assert auth.sign_in(store, "julia@example.com", PASSWORD).id == member.id


def test_the_last_admin_cannot_be_demoted(
    store: Store, admin: User, open_page: OpenPage
):
    at = open_page("settings_users")
    prefix = access(at, admin)

    at.selectbox(key=f"{prefix}.role").select(Role.MEMBER)
    at.button(key=f"{prefix}.save").click().run()

    assert errors(at) == [
        f"{admin.email} is the account's last active administrator; make another "
        "user an administrator before you change their role."
    ]
    assert stored_users.get(store, admin.account_id, admin.id).role is Role.ADMIN
    assert not at.exception


def test_a_deactivated_admin_page_session_ends(
    ctx: Context, store: Store, account: Account, open_page: OpenPage
):
    other = make_user(store, account, Role.ADMIN, email="other@demo.example")
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), other).run()
    users.deactivate_user(ctx, other.id)

    at.switch_page("views/settings_users.py").run()

    assert on_sign_in_screen(at)
    assert infos(at) == [ENDED]
