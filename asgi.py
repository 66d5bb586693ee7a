"""The one server process: the Streamlit UI with the API mounted under /api.

Run it with `custom-objects serve`, or `uvicorn asgi:app --port 8501`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.routing import Mount

from api.app import create_api
from services.runtime import get_store


@asynccontextmanager
async def _lifespan(_: Any) -> AsyncIterator[None]:
    # Open the store, seed the demo account and warm the indexes before the
    # first visitor, not during their first page.
    await asyncio.to_thread(get_store)
    yield


app = st.App(
    Path(__file__).with_name("streamlit_app.py"),
    routes=[Mount("/api", app=create_api())],
    lifespan=_lifespan,
)
