"""The demo account (slug `demo`), seeded once on first start.

A school that also runs a property agency: invented contacts and deals, and two
object types, Course and Property, with records linked to both. The object
types, records and associations go through the services with the actor "seed",
so the demo passes the same validation as a user's data; contacts and deals,
which belong to the CRM, are written in one batch each.

Seeding never touches an existing demo account, so nothing a user changed is
ever overwritten. Claiming the slug is the first write and the unique index on
it decides between two processes starting at once: the loser does nothing.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from schemas.accounts import CUSTOM_OBJECTS, Account
from schemas.crm import TargetKind
from schemas.users import Role
from services.associations import associate
from services.context import Context
from services.demo_data import OBJECT_TYPES, DemoData, TypeSeed, build_demo_data
from services.object_types import add_field, create_object_type
from services.records import create_record
from services.users import create_user
from store import accounts, crm
from store.engine import Store, new_id

logger = logging.getLogger(__name__)

DEMO_SLUG = "demo"
DEMO_NAME = "Demo — Escola & Imóveis"
SEED_ACTOR = "seed"

# Shown on the sign-in page while demo mode is on, and listed in the README.
DEMO_USERS = (
    ("admin@demo.example", "Ana Administradora", Role.ADMIN, True, "demo-admin"),
    ("manager@demo.example", "Marcos Gerente", Role.MANAGER, True, "demo-manager"),
    ("member@demo.example", "Júlia Membro", Role.MEMBER, False, "demo-member"),
    ("viewer@demo.example", "Vítor Leitor", Role.VIEWER, False, "demo-viewer"),
)


def seed_demo(store: Store) -> bool:
    """Seed the demo account unless it exists; True when it was seeded now.

    False, writing nothing, when an account with the slug `demo` exists, seeded
    or not (another process may be seeding it this very moment). Relies on the
    unique index on the account slug (`ensure_indexes`) to settle a race.
    """
    existing = accounts.get_by_slug(store, DEMO_SLUG)
    if existing is not None:
        logger.info(
            "Demo account exists (seeded at %s); left as it is",
            existing.demo_seeded_at,
        )
        return False
    started = time.perf_counter()
    account = Account(
        id=new_id(),
        slug=DEMO_SLUG,
        name=DEMO_NAME,
        modules={CUSTOM_OBJECTS: True},
    )
    if not accounts.insert(store, account):
        logger.info("Demo account claimed by another process; left to it")
        return False

    data = build_demo_data(account.id, datetime.now(UTC))
    crm.insert_many(store, TargetKind.CONTACT, data.contacts)
    crm.insert_many(store, TargetKind.DEAL, data.deals)
    ctx = Context.system(store, account, SEED_ACTOR)
    for email, name, role, manage, password in DEMO_USERS:
        create_user(
            ctx,
            email=email,
            name=name,
            role=role,
            manage_custom_objects=manage,
            password=password,
        )
    record_count, link_count = _seed_custom_objects(ctx, data)
    accounts.mark_demo_seeded(store, account.id, datetime.now(UTC))

    logger.info(
        "Demo account seeded in %.2f s: %s contacts, %s deals, %s object types, "
        "%s records, %s associations",
        time.perf_counter() - started,
        len(data.contacts),
        len(data.deals),
        len(OBJECT_TYPES),
        record_count,
        link_count,
    )
    return True


def _seed_custom_objects(ctx: Context, data: DemoData) -> tuple[int, int]:
    """The object types, their records and their links; how many of the last two."""
    record_ids: dict[str, list[str]] = {}
    for seed in OBJECT_TYPES:
        type_id = _create_type(ctx, seed)
        record_ids[seed.name] = [
            create_record(ctx, type_id, values, external_id=external_id).id
            for values, external_id in zip(
                data.records[seed.name], data.external_ids[seed.name], strict=True
            )
        ]

    for link in data.links:
        associate(
            ctx,
            record_id=record_ids[link.type_name][link.index],
            kind=link.kind,
            target_id=link.target_id,
            label=link.label,
            associated_on=link.associated_on,
        )
    return sum(len(ids) for ids in record_ids.values()), len(data.links)


def _create_type(ctx: Context, seed: TypeSeed) -> str:
    object_type = create_object_type(
        ctx,
        name=seed.name,
        plural=seed.plural,
        icon=seed.icon,
        description=seed.description,
        primary_label=seed.primary_label,
    )
    for field in seed.fields:
        object_type = add_field(ctx, object_type.id, field)
    return object_type.id
