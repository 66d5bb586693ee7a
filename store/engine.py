"""Which MongoDB engine serves the collections, chosen once per process.

| setting                      | engine                                    |
|------------------------------|-------------------------------------------|
| MONGODB_URI=mongodb://…      | pymongo, a real server or cluster         |
| unset                        | litemongo on SQLite under DATA_DIR        |
| tests                        | mongomock-ng in memory (`Store.memory()`) |

litemongo keeps SQLite connections that may not cross threads, while Streamlit
runs each session in its own thread and FastAPI runs handlers in a pool. So the
embedded client lives on one owning thread and every collection call is handed
to it; cursors are drained there too, which is why `find` returns a list on that
engine. Callers always wrap results in `list(...)` and never see the difference.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bson import ObjectId
from pymongo import MongoClient
from pymongo.collection import Collection

logger = logging.getLogger(__name__)

DATABASE_NAME = "custom_objects"
COLLECTIONS = (
    "accounts",
    "users",
    "sign_in_attempts",
    "contacts",
    "deals",
    "object_types",
    "records",
    "associations",
    "events",
    "api_keys",
)

T = TypeVar("T")
Document = dict[str, Any]


def new_id() -> str:
    """Ids are ObjectId hex strings, the same on every engine and in every URL."""
    return str(ObjectId())


@dataclass(frozen=True)
class Settings:
    mongodb_uri: str = ""
    data_dir: Path = Path("data")

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            mongodb_uri=os.environ.get("MONGODB_URI", "").strip(),
            data_dir=Path(os.environ.get("DATA_DIR", "data")),
        )


class _OwningThread:
    """One thread that owns an embedded client; every call on it runs there."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._ident = self._executor.submit(threading.get_ident).result()

    def run(self, func: Callable[[], T]) -> T:
        if threading.get_ident() == self._ident:
            return func()
        return self._executor.submit(func).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True)


class _OwnedCollection:
    """A collection whose calls run on its owner's thread, cursors drained there."""

    def __init__(self, owner: _OwningThread, collection: Any) -> None:
        self._owner = owner
        self._collection = collection

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            def run() -> Any:
                result = attribute(*args, **kwargs)
                if hasattr(result, "__next__"):
                    return list(result)
                return result

            return self._owner.run(run)

        return call


class Store:
    """The collections of every account, on one engine; one per process.

    Scoping by account is the job of the query modules beside this one, each of
    which takes the account id with every call.
    """

    def __init__(
        self,
        collections: dict[str, Collection[Document]],
        engine: str,
        close: Callable[[], None] = lambda: None,
    ) -> None:
        self._collections = collections
        self.engine = engine
        self._close = close

    def __getattr__(self, name: str) -> Collection[Document]:
        try:
            return self._collections[name]
        except KeyError:
            raise AttributeError(name) from None

    def close(self) -> None:
        self._close()

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        if settings.mongodb_uri:
            return cls.mongodb(settings.mongodb_uri)
        return cls.embedded(settings.data_dir)

    @classmethod
    def mongodb(cls, uri: str) -> Store:
        client: MongoClient[Document] = MongoClient(uri, tz_aware=False)
        database = client.get_default_database(DATABASE_NAME)
        logger.info("Store: MongoDB database %s", database.name)
        collections = {name: database[name] for name in COLLECTIONS}
        return cls(collections, "mongodb", client.close)

    @classmethod
    def embedded(cls, data_dir: Path) -> Store:
        import litemongo

        data_dir.mkdir(parents=True, exist_ok=True)
        owner = _OwningThread()
        path = (data_dir / "store").resolve()
        client = owner.run(lambda: litemongo.connect(f"{path}#{DATABASE_NAME}"))
        logger.info("Store: embedded litemongo (SQLite) under %s", path)
        database: Any = owner.run(lambda: client[DATABASE_NAME])
        collections: dict[str, Any] = {
            name: _OwnedCollection(
                owner, owner.run(partial(database.get_collection, name))
            )
            for name in COLLECTIONS
        }

        def close() -> None:
            owner.run(client.close)
            owner.close()

        return cls(collections, "embedded", close)

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory store (mongomock-ng), for tests.

        Its calls run one at a time on one thread, as the embedded engine's do:
        mongomock-ng puts a document in place before it checks the unique
        indexes, and takes it out again when one refuses it, so threads racing
        on it would meet documents that never existed.
        """
        import mongomock_ng

        owner = _OwningThread()
        database: Any = mongomock_ng.MongoClient()[DATABASE_NAME]
        collections: dict[str, Any] = {
            name: _OwnedCollection(owner, database[name]) for name in COLLECTIONS
        }
        return cls(collections, "memory", owner.close)
