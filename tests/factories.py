"""Builders for tests: accounts, object types with every field format, records,
contacts and deals. Each returns what it built, as the services return it."""

from __future__ import annotations

from typing import Any

import pytest

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.crm import Contact, Deal, TargetKind
from schemas.money import Money
from schemas.object_types import (
    FieldDefinition,
    FieldFormat,
    FieldInput,
    ListOption,
    ObjectType,
)
from schemas.records import Record
from schemas.users import Role, User
from services import object_types, records
from services.context import Context
from store import accounts, crm, users
from store.engine import Store, new_id

# Runs a test on Store.memory() and, marked `embedded`, on Store.embedded(tmp_path):
# the conftest's `store` fixture reads the parameter.
on_every_engine = pytest.mark.parametrize(
    "store",
    ["memory", pytest.param("embedded", marks=pytest.mark.embedded)],
    indirect=True,
)

LEVELS = ["Beginner", "Intermediate", "Advanced"]
TOPICS = ["Maths", "Science", "Art"]

# One field of every format after the primary Name, as (input, key).
EVERY_FORMAT: list[tuple[FieldInput, str]] = [
    (FieldInput(label="Summary", format=FieldFormat.TEXT), "summary"),
    (FieldInput(label="Seats", format=FieldFormat.NUMBER), "seats"),
    (FieldInput(label="Price", format=FieldFormat.CURRENCY), "price"),
    (FieldInput(label="Start date", format=FieldFormat.DATE), "start_date"),
    (FieldInput(label="Online", format=FieldFormat.YES_NO), "online"),
    (FieldInput(label="Level", format=FieldFormat.LIST, options=LEVELS), "level"),
    (
        FieldInput(
            label="Topics", format=FieldFormat.LIST, options=TOPICS, multiple=True
        ),
        "topics",
    ),
    (FieldInput(label="Website", format=FieldFormat.LINK), "website"),
]


def make_account(
    store: Store, slug: str = "demo", *, custom_objects: bool = True
) -> Account:
    account = Account(
        id=new_id(),
        slug=slug,
        name=slug.capitalize(),
        modules={CUSTOM_OBJECTS: custom_objects},
    )
    assert accounts.insert(store, account)
    return account


def make_user(
    store: Store,
    account: Account,
    role: Role = Role.ADMIN,
    *,
    email: str = "",
    manage_custom_objects: bool = False,
    password_hash: str | None = None,
) -> User:
    user = User(
        id=new_id(),
        account_id=account.id,
        email=email or f"{role.value}@{account.slug}.example",
        name=f"{role.label} of {account.name}",
        role=role,
        manage_custom_objects=manage_custom_objects,
        password_hash=password_hash,
    )
    users.insert(store, user)
    return user


def context_as(
    store: Store, account: Account, role: Role = Role.ADMIN, **options: Any
) -> Context:
    """A context acting as a new user of `account` with this role."""
    return Context(
        store=store, account=account, user=make_user(store, account, role, **options)
    )


def make_context(store: Store, slug: str = "demo", **modules: bool) -> Context:
    return context_as(store, make_account(store, slug, **modules))


def build_object_type(
    name: str = "Course", *, key: str = "", required: tuple[str, ...] = ()
) -> ObjectType:
    """An object type with every field format, built without a store."""
    fields = [
        FieldDefinition(
            key="name", label="Name", format=FieldFormat.TEXT, required=True
        )
    ]
    for spec, field_key in EVERY_FORMAT:
        fields.append(
            FieldDefinition(
                key=field_key,
                label=spec.label,
                format=spec.format,
                required=field_key in required,
                multiple=spec.multiple,
                options=[
                    ListOption(key=label.lower(), label=label) for label in spec.options
                ],
            )
        )
    return ObjectType(
        id=new_id(),
        account_id=new_id(),
        key=key or name.lower(),
        name=name,
        plural=f"{name}s",
        fields=fields,
        primary_field="name",
    )


def make_object_type(
    ctx: Context,
    name: str = "Course",
    *,
    plural: str = "",
    icon: str = "",
    every_format: bool = True,
) -> ObjectType:
    """A stored object type; with `every_format`, one field of each format."""
    object_type = object_types.create_object_type(
        ctx, name=name, plural=plural, icon=icon
    )
    if every_format:
        for spec, _key in EVERY_FORMAT:
            object_type = object_types.add_field(ctx, object_type.id, spec)
    return object_type


def make_record(
    ctx: Context,
    object_type: ObjectType,
    name: str = "Algebra",
    *,
    external_id: str | None = None,
    **values: Any,
) -> Record:
    return records.create_record(
        ctx, object_type.id, {"name": name, **values}, external_id=external_id
    )


def make_contact(
    ctx: Context, first_name: str = "Ana", last_name: str = "Silva", **extra: Any
) -> Contact:
    contact = Contact(
        id=new_id(),
        account_id=ctx.account_id,
        first_name=first_name,
        last_name=last_name,
        **extra,
    )
    crm.insert_many(ctx.store, TargetKind.CONTACT, [contact])
    return contact


def make_deal(ctx: Context, name: str = "School contract", **extra: Any) -> Deal:
    deal = Deal(
        id=new_id(),
        account_id=ctx.account_id,
        name=name,
        stage=extra.pop("stage", "open"),
        amount=extra.pop("amount", Money(amount_minor=150_000, currency="BRL")),
        **extra,
    )
    crm.insert_many(ctx.store, TargetKind.DEAL, [deal])
    return deal
