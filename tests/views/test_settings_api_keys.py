"""Settings → API keys: an administrator creates a key and sees it once, lists
keys without their secrets, and revokes one."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from schemas.api_keys import Scope
from services import api_keys
from services.context import Context
from store.engine import Store
from tests.views.conftest import OpenPage, errors, keys, message_after, successes


def create_key(at: AppTest, name: str, scope: Scope = Scope.READ) -> AppTest:
    form = keys(at, "api_key_new")
    at.text_input(key=f"{form}.name").input(name)
    at.radio(key=f"{form}.scope").set_value(scope)
    return at.button(key=f"{form}.submit").click().run()


def test_the_page_says_when_there_are_no_keys(open_page: OpenPage) -> None:
    at = open_page("settings_api_keys")

    assert "No API keys yet." in [c.value for c in at.caption]
    assert at.dataframe.len == 0


def test_a_new_key_is_shown_once_and_works(store: Store, open_page: OpenPage) -> None:
    at = open_page("settings_api_keys")

    create_key(at, "Website sync", Scope.WRITE)
    [shown] = [c.value for c in at.code]
    at.run()  # the next rerun, as after any click

    assert at.code.len == 0
    assert at.warning.len == 0
    key = api_keys.verify(store, shown)
    assert key is not None and (key.name, key.scope) == ("Website sync", Scope.WRITE)
    [row] = at.dataframe[0].value.to_dict("records")
    assert row == {
        "Name": "Website sync",
        "Scope": "Read and write",
        "Key": shown[:7] + "…",
        "Created": row["Created"],
        "Last used": "Never",
        "Status": "Active",
    }
    assert row["Created"].endswith(" UTC")


def test_a_new_key_is_shown_once_with_a_warning(open_page: OpenPage) -> None:
    at = open_page("settings_api_keys")

    create_key(at, "Report")

    assert successes(at) == ["Created the API key 'Report'."]
    assert [w.value for w in at.warning] == [
        "The API key 'Report' — copy it now; it is not shown again."
    ]
    assert at.code.len == 1


def test_a_key_without_a_name_is_refused_beside_the_field(
    store: Store, open_page: OpenPage
) -> None:
    at = open_page("settings_api_keys")

    create_key(at, "  ")

    assert message_after(at, "api_key_new.name") == (
        "The API key name is empty; name it after what uses it, such as 'Website sync'."
    )
    assert store.api_keys.count_documents({}) == 0


def test_revoking_a_key_stops_it_at_once(
    store: Store, ctx: Context, open_page: OpenPage
) -> None:
    key, secret = api_keys.create_api_key(ctx, name="Old sync")
    at = open_page("settings_api_keys")

    at.selectbox(key="api_key_revoke.key").select(key.id).run()
    at.button(key="api_key_revoke.submit").click().run()

    assert successes(at) == ["Revoked the API key 'Old sync'."]
    assert errors(at) == []
    assert api_keys.verify(store, secret) is None
    [row] = at.dataframe[0].value.to_dict("records")
    assert row["Status"].startswith("Revoked ")
    assert "No active keys." in [c.value for c in at.caption]
