"""The `custom-objects` command: every command says what it did; a bad argument
or a refused one gets a one-line error and exit status 2."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest
from typer.testing import CliRunner, Result

from cli import app
from schemas.accounts import CUSTOM_OBJECTS
from schemas.users import Role
from services import api_keys
from store import accounts, events
from store import users as stored_users
from store.engine import Store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


class Run(Protocol):
    def __call__(self, *args: str, input: str | None = None) -> Result: ...


@pytest.fixture
def run(data_dir: Path) -> Run:
    """Runs the command on an embedded store under tmp_path."""
    runner = CliRunner()
    env = {"DATA_DIR": str(data_dir), "MONGODB_URI": "", "LOG_LEVEL": "WARNING"}

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    return invoke


def _one_error(result: Result) -> str:
    """The error a refused command printed, checked to be its only line."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ")
    return line.removeprefix("Error: ")


# --- account ----------------------------------------------------------------


def test_account_create_says_what_it_did_with_modules_off(
    run: Run, data_dir: Path
) -> None:
    result = run("account", "create", "Escola Aurora")

    assert result.exit_code == 0
    assert (
        result.stdout == "Created account escola-aurora (Escola Aurora); modules off.\n"
    )
    store = Store.embedded(data_dir)
    account = accounts.get_by_slug(store, "escola-aurora")
    store.close()
    assert account is not None
    assert account.modules == {CUSTOM_OBJECTS: False}


def test_account_create_takes_a_slug(run: Run) -> None:
    result = run("account", "create", "Escola Aurora", "--slug", "aurora")

    assert result.stdout == "Created account aurora (Escola Aurora); modules off.\n"


def test_account_list_shows_slugs_names_and_modules(run: Run) -> None:
    run("account", "create", "Zeta School")
    run("account", "create", "Alpha School")
    run("module", "enable", "zeta-school", CUSTOM_OBJECTS)

    result = run("account", "list")

    assert result.exit_code == 0
    assert result.stdout == (
        "alpha-school\tAlpha School\tmodules: -\n"
        "zeta-school\tZeta School\tmodules: custom_objects\n"
    )


def test_account_list_without_accounts_says_how_to_make_one(run: Run) -> None:
    result = run("account", "list")

    assert result.exit_code == 0
    assert result.stdout == (
        "No accounts yet; create one with `custom-objects account create`.\n"
    )


# --- module -----------------------------------------------------------------


def test_module_enable_and_disable_say_what_they_did_and_are_audited(
    run: Run, data_dir: Path
) -> None:
    run("account", "create", "Escola Aurora")

    enabled = run("module", "enable", "escola-aurora", CUSTOM_OBJECTS)
    disabled = run("module", "disable", "escola-aurora", CUSTOM_OBJECTS)

    assert enabled.stdout == "Module custom_objects enabled for escola-aurora.\n"
    assert disabled.stdout == "Module custom_objects disabled for escola-aurora.\n"
    store = Store.embedded(data_dir)
    account = accounts.get_by_slug(store, "escola-aurora")
    assert account is not None
    audited = events.recent(store, account.id)
    store.close()
    assert not account.has_module(CUSTOM_OBJECTS)
    assert [(e["actor"], e["action"], e["before"], e["after"]) for e in audited] == [
        ("cli", "module.disabled", {CUSTOM_OBJECTS: True}, {CUSTOM_OBJECTS: False}),
        ("cli", "module.enabled", {CUSTOM_OBJECTS: False}, {CUSTOM_OBJECTS: True}),
    ]


# --- user -------------------------------------------------------------------


def test_user_create_says_what_it_did(run: Run, data_dir: Path) -> None:
    run("account", "create", "Escola Aurora")

    result = run(
        "user",
        "create",
        "escola-aurora",
        "Ana@Example.com",
        "--role",
        "manager",
        "--manage-custom-objects",
        "--password",
        "correct horse",
        "--name",
        "Ana Souza",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Created manager ana@example.com in escola-aurora with custom object "
        "management.\n"
    )
    store = Store.embedded(data_dir)
    [user] = stored_users.find_by_email(store, "ana@example.com")
    store.close()
    assert (user.role, user.manage_custom_objects, user.name) == (
        Role.MANAGER,
        True,
        "Ana Souza",
    )
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")


def test_user_create_prompts_for_the_password_when_omitted(run: Run) -> None:
    run("account", "create", "Escola Aurora")

    result = run(
        "user",
        "create",
        "escola-aurora",
        "bia@example.com",
        "--role",
        "viewer",
        input="correct horse\ncorrect horse\n",
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Created viewer bia@example.com in escola-aurora.\n")
    assert "correct horse" not in result.output


# --- api-key ----------------------------------------------------------------


@pytest.mark.parametrize("scope", ["read", "write"])
def test_api_key_create_prints_the_key_once_on_stdout(
    run: Run, data_dir: Path, scope: str
) -> None:
    run("account", "create", "Escola Aurora")

    result = run(
        "api-key", "create", "escola-aurora", "--scope", scope, "--name", "ERP sync"
    )

    assert result.exit_code == 0
    secret = result.stdout.removesuffix("\n")
    assert secret.startswith("co_") and len(secret) == 46
    assert result.stderr == (
        f"Created {scope} API key 'ERP sync' for escola-aurora; it is shown once, "
        "so store it now.\n"
    )
    store = Store.embedded(data_dir)
    key = api_keys.verify(store, secret)
    stored = list(store.api_keys.find({}))
    store.close()
    assert key is not None
    assert (key.name, key.scope.value, key.created_by) == ("ERP sync", scope, "cli")
    assert secret not in str(stored)


# --- refusals: one line, exit 2 ---------------------------------------------

ADMIN_WITH_PASSWORD = ["--role", "admin", "--password", "correct horse"]
SHORT_PASSWORD = ["--role", "admin", "--password", "short"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["account", "create", "Escola Aurora"],
            "An account with the slug 'escola-aurora' already exists; choose "
            "another name.",
        ),
        (
            ["account", "create", "!!!"],
            "The account name '!!!' needs at least one letter or digit.",
        ),
        (
            ["module", "enable", "nowhere", CUSTOM_OBJECTS],
            "Account 'nowhere' does not exist; list them with `custom-objects "
            "account list`.",
        ),
        (
            ["module", "disable", "escola-aurora", "automations"],
            "There is no module 'automations'; the modules are: custom_objects.",
        ),
        (
            ["user", "create", "escola-aurora", "ana", *ADMIN_WITH_PASSWORD],
            "The email 'ana' is not valid: An email address must have an @-sign. "
            "Enter one like ana@example.com.",
        ),
        (
            ["user", "create", "escola-aurora", "ana@example.com", *SHORT_PASSWORD],
            "The password has 5 characters; use at least 8.",
        ),
        (
            ["user", "create", "nowhere", "ana@example.com", *ADMIN_WITH_PASSWORD],
            "Account 'nowhere' does not exist; list them with `custom-objects "
            "account list`.",
        ),
        (
            ["api-key", "create", "nowhere", "--scope", "read"],
            "Account 'nowhere' does not exist; list them with `custom-objects "
            "account list`.",
        ),
        (
            ["api-key", "create", "escola-aurora", "--scope", "read", "--name", " "],
            "The API key name is empty; name it after what uses it, such as "
            "'Website sync'.",
        ),
    ],
    ids=[
        "taken slug",
        "no letters",
        "unknown account",
        "unknown module",
        "bad email",
        "short password",
        "user of unknown account",
        "key of unknown account",
        "key without a name",
    ],
)
def test_a_refused_command_prints_one_line_and_exits_2(
    run: Run, args: list[str], error: str
) -> None:
    run("account", "create", "Escola Aurora")

    result = run(*args)

    assert _one_error(result) == error


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["user", "create", "escola-aurora", "ana@example.com", "--role", "boss"],
            "Invalid value for '--role': ",
        ),
        (
            ["user", "create", "escola-aurora", "ana@example.com"],
            "Missing option '--role'. Choose from: admin, manager, member, viewer.",
        ),
        (["module", "enable", "escola-aurora"], "Missing argument '"),
        (["account", "create"], "Missing argument 'name'."),
        (["account", "remove", "x"], "No such command 'remove'."),
        (["--bogus"], "No such option: --bogus."),
        (
            ["api-key", "create", "escola-aurora"],
            "Missing option '--scope'. Choose from: read, write.",
        ),
    ],
    ids=[
        "bad role",
        "no role",
        "no module",
        "no name",
        "no command",
        "no option",
        "no scope",
    ],
)
def test_a_bad_argument_prints_one_line_and_exits_2(
    run: Run, args: list[str], error: str
) -> None:
    result = run(*args)

    line = _one_error(result)
    assert line.startswith(error)
    assert line.endswith(" --help'.")


def test_nothing_is_written_when_a_command_is_refused(run: Run, data_dir: Path) -> None:
    run("account", "create", "Escola Aurora")

    run(
        "user",
        "create",
        "escola-aurora",
        "ana@example.com",
        "--role",
        "admin",
        "--password",
        "short",
    )
    run("module", "enable", "escola-aurora", "automations")

    store = Store.embedded(data_dir)
    account = accounts.get_by_slug(store, "escola-aurora")
    assert account is not None
    found = stored_users.list_for_account(store, account.id)
    audited = events.recent(store, account.id)
    store.close()
    assert (found, audited, account.modules) == ([], [], {CUSTOM_OBJECTS: False})


# --- seed -------------------------------------------------------------------


def test_seed_seeds_the_demo_account_once(run: Run) -> None:
    first = run("seed")
    second = run("seed")

    assert (first.exit_code, first.stdout) == (0, "Seeded the demo account.\n")
    assert (second.exit_code, second.stdout) == (
        0,
        "The demo account exists; left as it is.\n",
    )
