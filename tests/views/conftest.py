"""Page fixtures: the real app under AppTest, on the in-memory store of the root
conftest, with the account "demo" that the pages open by default."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from schemas.accounts import Account
from schemas.object_types import ObjectType
from schemas.users import User
from services import runtime
from services.context import Context
from store.engine import Store
from tests.factories import make_object_type
from views.components import WORD_JOINER

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
TIMEOUT = 30

OpenPage = Callable[..., AppTest]


@pytest.fixture(autouse=True)
def app_store(
    store: Store, account: Account, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """The pages reach the test's store: the process store, and no cached one."""
    monkeypatch.delenv("ACCOUNT", raising=False)
    runtime.use_store(store)
    st.cache_resource.clear()
    yield store
    runtime.use_store(None)
    st.cache_resource.clear()


@pytest.fixture
def module_off(store: Store, account: Account) -> None:
    """The account "demo" with Custom Objects switched off."""
    store.accounts.update_one(
        {"_id": account.id}, {"$set": {"modules.custom_objects": False}}
    )


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course", icon="🎓", every_format=False)


@pytest.fixture
def admin(ctx: Context) -> User:
    """The user the pages act as: the administrator of the account "demo"."""
    return ctx.user


def signed_in(at: AppTest, user: User) -> AppTest:
    """The app with `user` signed in, as the sign-in form would leave it."""
    at.session_state["session"] = {
        "account_id": user.account_id,
        "user_id": user.id,
        "epoch": user.session_epoch,
    }
    return at


@pytest.fixture
def open_page(admin: User) -> OpenPage:
    """Run the app as `admin`, then switch to a page with the given query
    parameters."""

    def open_(page: str, *, user: User | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at = signed_in(at, user or admin).run()
        at.query_params.update(params)
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_


def keys(at: AppTest, form: str) -> str:
    """The prefix of a form's widget keys now: a successful submit renews it."""
    generation = at.session_state.get(f"{form}:generation", 0)
    return f"{form}~{generation}" if generation else form


def associate(
    at: AppTest, kind: str, type_key: str, search: str, **fields: Any
) -> None:
    """Associate the record found by `search` through the contact's or
    deal's form, with the `label` and date (`on`) given."""
    form = keys(at, f"{kind}_association")
    at.selectbox(key=f"{form}.type").select(type_key).run()
    at.text_input(key=f"{form}.{type_key}.search").input(search).run()
    if "label" in fields:
        at.text_input(key=f"{form}.label").input(fields["label"])
    if "on" in fields:
        at.date_input(key=f"{form}.date").set_value(fields["on"])
    at.button(key=f"{form}.submit").click().run()


def walk(node: Block | Element) -> Iterator[Block | Element]:
    """Every element under a block, in the order a person reads them."""
    yield node
    if isinstance(node, Block):
        for child in node.children.values():
            yield from walk(child)


def message_after(at: AppTest, key: str) -> str | None:
    """The text of the st.error shown right after the widget with `key`."""
    elements = [e for e in walk(at.main) if not isinstance(e, Block)]
    index = next(i for i, e in enumerate(elements) if getattr(e, "key", None) == key)
    following = elements[index + 1] if index + 1 < len(elements) else None
    if following is None or following.type != "error":
        return None
    return shown(following.value)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: object) -> str:
    """What a person reads in Markdown that holds no markup, only what `plain()`
    adds: the pages pass every message through it, since messages quote what
    people typed."""
    return _ESCAPED.sub(r"\1", str(markdown)).replace(WORD_JOINER, "")


def errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]


def successes(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.success]
