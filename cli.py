"""The `custom-objects` command for operators.

TODO(#3): accounts, modules and users commands.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from services.demo import seed_demo
from store.engine import Settings, Store
from store.indexes import ensure_indexes

app = typer.Typer(help="Run and administer Custom Objects.", no_args_is_help=True)


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for the UI and the API.")] = 8501,
) -> None:
    """Start the UI and the API in one process (seeds the demo account once)."""
    _configure_logging()
    os.chdir(Path(__file__).parent)
    typer.echo(f"Custom Objects on http://{host}:{port} (API under /api/v1)")
    uvicorn.run("asgi:app", host=host, port=port, log_level="info")


@app.command()
def seed() -> None:
    """Seed the demo account unless it was seeded before."""
    _configure_logging()
    store = Store.from_settings(Settings.from_env())
    ensure_indexes(store)
    created = seed_demo(store)
    store.close()
    typer.echo("Seeded the demo account." if created else "The demo account exists; left as it is.")


if __name__ == "__main__":
    app()
