"""The `custom-objects` command for operators.

Every command prints what it did; a refused one prints a one-line error and
exits with status 2.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

# Typer 0.29 vendors Click as typer._click: Click's own classes are not the
# ones it raises. tests/test_cli.py fails if a Typer upgrade moves them.
from typer._click import Context as ClickContext
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from schemas.api_keys import Scope
from schemas.users import Role
from services import accounts, api_keys, users
from services.context import Context, load_account
from services.demo import seed_demo
from services.errors import CustomObjectsError
from store.engine import Settings, Store
from store.indexes import ensure_indexes


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    """Click reports a bad argument as usage, a hint and the error, some of it
    over several lines; operators' scripts get one line instead."""
    try:
        yield
    except NoArgsIsHelpError:
        raise  # no arguments at all: the help is the answer
    except UsageError as error:
        hint = f" Try '{error.ctx.command_path} --help'." if error.ctx else ""
        message = " ".join(error.format_message().split()).rstrip(".")
        raise UsageError(f"{message}.{hint}") from None


class _OneLineErrors(TyperGroup):
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        with _one_line_usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: ClickContext) -> Any:
        with _one_line_usage_errors():
            return super().invoke(ctx)


# Plain (not rich) output, so that a bad argument is reported in one line.
_plain: dict[str, Any] = {
    "cls": _OneLineErrors,
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "add_completion": False,
}
app = typer.Typer(help="Run and administer Custom Objects.", **_plain)
account_app = typer.Typer(help="Create and list accounts.", **_plain)
module_app = typer.Typer(help="Switch an account's modules.", **_plain)
user_app = typer.Typer(help="Create users.", **_plain)
api_key_app = typer.Typer(help="Create API keys.", **_plain)
app.add_typer(account_app, name="account")
app.add_typer(module_app, name="module")
app.add_typer(user_app, name="user")
app.add_typer(api_key_app, name="api-key")


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@contextmanager
def _store() -> Iterator[Store]:
    """The configured store, indexed; refusals become one line and exit 2."""
    _configure_logging()
    store = Store.from_settings(Settings.from_env())
    try:
        ensure_indexes(store)
        yield store
    except CustomObjectsError as error:
        typer.echo(f"Error: {error.message}", err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()


def _operator(store: Store, slug: str) -> Context:
    return Context.system(store, load_account(store, slug), "cli")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for the UI and the API.")] = 8501,
) -> None:
    """Start the UI and the API in one process (seeds the demo account once)."""
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    os.chdir(Path(__file__).parent)
    typer.echo(f"Custom Objects on http://{host}:{port} (API under /api/v1)")
    uvicorn.run("asgi:app", host=host, port=port, log_level="info")


@app.command()
def seed() -> None:
    """Seed the demo account unless it exists."""
    with _store() as store:
        created = seed_demo(store)
    typer.echo(
        "Seeded the demo account."
        if created
        else "The demo account exists; left as it is."
    )


@account_app.command("create")
def account_create(
    name: str,
    slug: Annotated[str, typer.Option(help="URL name; derived when omitted.")] = "",
) -> None:
    """Create an account; every module starts off."""
    with _store() as store:
        account = accounts.create_account(store, name=name, slug=slug)
    typer.echo(f"Created account {account.slug} ({account.name}); modules off.")


@account_app.command("list")
def account_list() -> None:
    """List accounts with their modules."""
    with _store() as store:
        found = accounts.list_accounts(store)
    for account in found:
        on = [name for name, enabled in account.modules.items() if enabled]
        typer.echo(f"{account.slug}\t{account.name}\tmodules: {', '.join(on) or '-'}")
    if not found:
        typer.echo("No accounts yet; create one with `custom-objects account create`.")


def _switch(enabled: bool) -> Callable[[str, str], None]:
    def switch(account: str, module: str) -> None:
        with _store() as store:
            accounts.set_module(_operator(store, account), module, enabled=enabled)
        state = "enabled" if enabled else "disabled"
        typer.echo(f"Module {module} {state} for {account}.")

    return switch


module_app.command("enable", help="Switch a module on for an account.")(_switch(True))
module_app.command("disable", help="Switch a module off; nothing is deleted.")(
    _switch(False)
)


@user_app.command("create")
def user_create(
    account: str,
    email: str,
    role: Annotated[Role, typer.Option(help="admin, manager, member or viewer.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="At least 8 characters; prompted when omitted.",
        ),
    ],
    manage_custom_objects: Annotated[
        bool, typer.Option(help="Grant the custom object management permission.")
    ] = False,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create a user of an account (the password is prompted when omitted)."""
    with _store() as store:
        user, _ = users.create_user(
            _operator(store, account),
            email=email,
            name=name,
            role=role,
            manage_custom_objects=manage_custom_objects,
            password=password,
        )
    grant = " with custom object management" if user.manage_custom_objects else ""
    typer.echo(f"Created {user.role.value} {user.email} in {account}{grant}.")


@api_key_app.command("create")
def api_key_create(
    account: str,
    scope: Annotated[Scope, typer.Option(help="read, or write (read and write).")],
    name: Annotated[str, typer.Option(help="What uses the key.")] = "CLI",
) -> None:
    """Create an API key and print it once: the key alone on standard output,
    what was done on standard error."""
    with _store() as store:
        key, secret = api_keys.create_api_key(
            _operator(store, account), name=name, scope=scope
        )
    typer.echo(
        f"Created {key.scope.value} API key '{key.name}' for {account}; it is shown "
        "once, so store it now.",
        err=True,
    )
    typer.echo(secret)


if __name__ == "__main__":
    app()
