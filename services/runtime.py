"""Process start-up: one store per process, its indexes, and the demo account.

Streamlit sessions, API handlers and the CLI all reach the store through
`get_store()`, so a process never opens the embedded engine twice.
"""

from __future__ import annotations

import logging
import threading

from services.demo import seed_demo
from services.settings import AppSettings
from store.engine import Settings, Store
from store.indexes import ensure_indexes, warm_indexes

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_store: Store | None = None


def start(settings: Settings, *, seed: bool = True) -> Store:
    """Open the store the settings name, index it, and seed the demo account once
    when `seed` (demo mode) is on; never on a production MongoDB by default."""
    store = Store.from_settings(settings)
    ensure_indexes(store)
    if seed:
        seed_demo(store)
    warm_indexes(store)
    logger.info("Custom Objects ready on the %s engine", store.engine)
    return store


def use_store(store: Store | None) -> None:
    """Make `store` the process's store (tests give an in-memory one)."""
    global _store
    with _lock:
        _store = store


def get_store() -> Store:
    """The process's store, started from the environment on first use."""
    global _store
    with _lock:
        if _store is None:
            _store = start(Settings.from_env(), seed=AppSettings.from_env().demo_mode)
        return _store
