"""The invented data of the demo account: a school that also runs a property agency.

People come from Faker (pt_BR, en_US, es_ES) and every choice from one seeded
random generator, so every start builds the same contacts, deals, records and
associations. Dates count from the day of seeding, so the demo never looks
stale: open deals close in the coming weeks, won and lost ones closed lately.
Emails use the reserved example.* domains and US phones the fictional 555-01xx
range, so nobody real is ever written to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from schemas.crm import Contact, Deal, TargetKind
from schemas.money import parse_money
from schemas.object_types import FieldFormat, FieldInput, derive_key
from store.engine import new_id

SEED = 20_251_203
CONTACT_COUNT = 44
LOCALE_WEIGHTS = {"pt_BR": 6, "en_US": 2, "es_ES": 2}
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
EXTRA_TAGS = ("lead", "newsletter", "vip", "indicação", "evento 2026")

COURSE = "Course"
PROPERTY = "Property"

STUDENT = "student"
GUARDIAN = "guardian"
LISTING = "listing"
OWNER = "owner"
BUYER = "buyer"
ROLE_TAGS = {
    STUDENT: "aluno",
    GUARDIAN: "responsável",
    OWNER: "proprietário",
    BUYER: "comprador",
}


@dataclass(frozen=True)
class TypeSeed:
    """An object type as the demo creates it: a name, then its fields in order."""

    name: str
    plural: str
    icon: str
    description: str
    primary_label: str
    fields: tuple[FieldInput, ...]


OBJECT_TYPES = (
    TypeSeed(
        name=COURSE,
        plural="Courses",
        icon=":material/school:",
        description="The courses the school runs, with fees and schedules.",
        primary_label="Name",
        fields=(
            FieldInput(label="Code"),
            FieldInput(
                label="Level",
                format=FieldFormat.LIST,
                options=["Básico", "Intermediário", "Avançado"],
            ),
            FieldInput(label="Monthly fee", format=FieldFormat.CURRENCY),
            FieldInput(label="Start date", format=FieldFormat.DATE),
            FieldInput(label="Evening", format=FieldFormat.YES_NO),
            FieldInput(label="Syllabus", format=FieldFormat.LINK),
        ),
    ),
    TypeSeed(
        name=PROPERTY,
        plural="Properties",
        icon="🏠",
        description="Homes the agency lists for sale.",
        primary_label="Address",
        fields=(
            FieldInput(label="Bedrooms", format=FieldFormat.NUMBER),
            FieldInput(label="Price", format=FieldFormat.CURRENCY),
            FieldInput(label="Listed date", format=FieldFormat.DATE),
            FieldInput(
                label="Status",
                format=FieldFormat.LIST,
                options=["Available", "Under offer", "Sold"],
            ),
        ),
    ),
)


class CourseSeed(NamedTuple):
    name: str
    code: str
    level: str
    monthly_fee: str
    starts_in_days: int
    evening: bool


COURSES = (
    CourseSeed("Inglês para Negócios", "ING-301", "Avançado", "890.00", 21, True),
    CourseSeed("Espanhol Conversação", "ESP-101", "Básico", "540.00", -45, True),
    CourseSeed(
        "Matemática Olímpica", "MAT-210", "Intermediário", "620.00", -120, False
    ),
    CourseSeed("Programação em Python", "INF-150", "Básico", "750.00", 7, True),
    CourseSeed("Redação para o ENEM", "POR-220", "Intermediário", "480.00", -30, False),
    CourseSeed("Física Experimental", "FIS-310", "Avançado", "690.00", 35, False),
    CourseSeed("Francês Básico", "FRA-101", "Básico", "560.00", 60, True),
    CourseSeed(
        "Robótica Educacional", "ROB-120", "Intermediário", "820.50", -10, False
    ),
)


class PropertySeed(NamedTuple):
    address: str
    bedrooms: int
    price: str
    currency: str
    listed_days_ago: int
    status: str


PROPERTIES = (
    PropertySeed(
        "Rua das Acácias, 245 – Jardim Botânico, Curitiba/PR",
        3,
        "685000.00",
        "BRL",
        40,
        "Available",
    ),
    PropertySeed(
        "Avenida Atlântica, 1.020, apto 802 – Meireles, Fortaleza/CE",
        2,
        "920000.00",
        "BRL",
        75,
        "Under offer",
    ),
    PropertySeed(
        "Travessa São Joaquim, 18 – Santa Teresa, Rio de Janeiro/RJ",
        4,
        "1350000.00",
        "BRL",
        150,
        "Sold",
    ),
    PropertySeed(
        "Rua Piauí, 77, apto 41 – Higienópolis, São Paulo/SP",
        1,
        "540000.00",
        "BRL",
        12,
        "Available",
    ),
    PropertySeed(
        "Alameda dos Ipês, 310 – Lago Sul, Brasília/DF",
        5,
        "2480000.00",
        "BRL",
        95,
        "Available",
    ),
    PropertySeed(
        "Rua Conceição, 56 – Centro, Florianópolis/SC",
        2,
        "470000.00",
        "BRL",
        30,
        "Under offer",
    ),
    PropertySeed(
        "Estrada do Coqueiral, km 3 – Praia do Forte, Mata de São João/BA",
        4,
        "385000.00",
        "USD",
        60,
        "Available",
    ),
    PropertySeed(
        "Rua Marquês do Herval, 412 – Moinhos de Vento, Porto Alegre/RS",
        3,
        "1120000.00",
        "BRL",
        210,
        "Sold",
    ),
)


class DealSeed(NamedTuple):
    """A deal; `{last}` in its name is its contact's last name."""

    name: str
    stage: str
    amount: str
    currency: str
    closes_in_days: int
    property_index: int | None = None


DEALS = (
    DealSeed("Matrícula anual — Família {last}", "Won", "10680.00", "BRL", -20),
    DealSeed(
        "Corporate Spanish training — {last} & Co.", "Proposal", "18500.00", "USD", 30
    ),
    DealSeed("Bolsa parcial de Python — {last}", "Qualified", "4500.00", "BRL", 45),
    DealSeed("Summer robotics camp — {last}", "Negotiation", "3200.00", "USD", 14),
    DealSeed(
        "Intercâmbio de férias em Madrid — {last}", "Prospecting", "7900.00", "USD", 90
    ),
    DealSeed("Redação ENEM, semestre — {last}", "Lost", "2880.00", "BRL", -35),
    DealSeed("Aulas particulares de física — {last}", "Won", "1650.00", "BRL", -8),
    DealSeed(
        "Oficina de matemática para professores — {last}",
        "Proposal",
        "5400.00",
        "BRL",
        21,
    ),
    DealSeed("Online English bootcamp — {last}", "Negotiation", "12000.00", "USD", 10),
    DealSeed(
        "Venda Jardim Botânico — {last}", "Negotiation", "685000.00", "BRL", 25, 0
    ),
    DealSeed("Venda Meireles apto 802 — {last}", "Proposal", "905000.00", "BRL", 40, 1),
    DealSeed("Venda Santa Teresa — {last}", "Won", "1320000.00", "BRL", -60, 2),
    DealSeed("Venda Higienópolis — {last}", "Qualified", "540000.00", "BRL", 60, 3),
    DealSeed("Venda Lago Sul — {last}", "Prospecting", "2480000.00", "BRL", 120, 4),
    DealSeed(
        "Venda Centro Florianópolis — {last}", "Negotiation", "462500.00", "BRL", 18, 5
    ),
    DealSeed(
        "Beach house in Praia do Forte — {last}", "Proposal", "380000.00", "USD", 50, 6
    ),
    DealSeed("Venda Moinhos de Vento — {last}", "Won", "1095000.00", "BRL", -120, 7),
    DealSeed("Avaliação de imóvel — {last}", "Lost", "3500.00", "BRL", -15),
)

# The first contact by name gets links of both types, so that opening it shows
# grouped records at once: (type, index, label).
FIRST_CONTACT_LINKS = (
    (COURSE, 0, STUDENT),
    (COURSE, 3, STUDENT),
    (COURSE, 6, GUARDIAN),
    (PROPERTY, 4, OWNER),
    (PROPERTY, 1, BUYER),
)


@dataclass(frozen=True)
class LinkSeed:
    """An association to create once the records exist: record by type and index."""

    type_name: str
    index: int
    kind: TargetKind
    target_id: str
    label: str
    associated_on: date


@dataclass(frozen=True)
class DemoData:
    contacts: list[Contact]
    deals: list[Deal]
    records: dict[str, list[dict[str, Any]]]
    external_ids: dict[str, list[str]]
    links: list[LinkSeed]


def build_demo_data(account_id: str, now: datetime) -> DemoData:
    """The whole demo, the same for every call but for ids and the dates' origin."""
    rng = random.Random(SEED)
    today = now.date()
    people = _people(rng)
    contact_ids = [new_id() for _ in people]
    first = min(
        range(len(people)),
        key=lambda i: (_full_name(people[i]).lower(), contact_ids[i]),
    )
    deal_contacts = _deal_contacts(rng, len(people), first)
    links, roles = _links(rng, today, contact_ids, first, deal_contacts)
    contacts = [
        Contact(
            id=contact_ids[i],
            account_id=account_id,
            first_name=person["first_name"],
            last_name=person["last_name"],
            email=person["email"],
            phone=person["phone"],
            tags=_tags(rng, roles.get(i, [])),
            external_id=f"demo-contact-{i + 1:03d}",
            created_at=now,
        )
        for i, person in enumerate(people)
    ]
    deals = _deals(account_id, now, contacts, deal_contacts)
    links += [
        LinkSeed(
            PROPERTY,
            seed.property_index,
            TargetKind.DEAL,
            deal.id,
            LISTING,
            today - timedelta(days=PROPERTIES[seed.property_index].listed_days_ago),
        )
        for seed, deal in zip(DEALS, deals, strict=True)
        if seed.property_index is not None
    ]
    return DemoData(
        contacts=contacts,
        deals=deals,
        records={COURSE: _courses(today), PROPERTY: _properties(today)},
        external_ids={
            COURSE: [f"demo-course-{i + 1:02d}" for i in range(len(COURSES))],
            PROPERTY: [f"demo-property-{i + 1:02d}" for i in range(len(PROPERTIES))],
        },
        links=links,
    )


def _people(rng: random.Random) -> list[dict[str, str]]:
    # Importing Faker takes about 0.4 s; only the very first start needs it.
    from faker import Faker

    fakers = {locale: Faker(locale) for locale in LOCALE_WEIGHTS}
    for offset, fake in enumerate(fakers.values()):
        fake.seed_instance(SEED + offset)
    people: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(people) < CONTACT_COUNT:
        locale = rng.choices(
            list(LOCALE_WEIGHTS), weights=list(LOCALE_WEIGHTS.values())
        )[0]
        fake = fakers[locale]
        first_name, last_name = str(fake.first_name()), str(fake.last_name())
        if f"{first_name} {last_name}" in seen:
            continue
        seen.add(f"{first_name} {last_name}")
        handle = derive_key(f"{first_name} {last_name}").replace("_", ".")
        people.append(
            {
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{handle}@{rng.choice(EMAIL_DOMAINS)}",
                "phone": _phone(fake, locale),
            }
        )
    return people


def _full_name(person: dict[str, str]) -> str:
    return f"{person['first_name']} {person['last_name']}".strip()


def _phone(fake: Any, locale: str) -> str:
    if locale == "en_US":
        return str(fake.numerify("+1 (###) 555-01##"))
    if locale == "pt_BR":
        number = str(fake.cellphone_number())
        return number if number.startswith("+") else f"+55 {number}"
    return str(fake.phone_number())


def _deal_contacts(rng: random.Random, count: int, first: int) -> list[int]:
    """A contact for each deal; the first contact buys the flat in Meireles."""
    others = [i for i in range(count) if i != first]
    chosen = rng.sample(others, len(DEALS))
    buyer_of = {
        index
        for t, index, label in FIRST_CONTACT_LINKS
        if t == PROPERTY and label == BUYER
    }
    return [
        first if seed.property_index in buyer_of else chosen[n]
        for n, seed in enumerate(DEALS)
    ]


def _links(
    rng: random.Random,
    today: date,
    contact_ids: list[str],
    first: int,
    deal_contacts: list[int],
) -> tuple[list[LinkSeed], dict[int, list[str]]]:
    """Course and property links with contacts, and each contact's roles."""
    links: list[LinkSeed] = []
    roles: dict[int, list[str]] = {}
    pairs: set[tuple[str, int, int]] = set()

    def link(type_name: str, index: int, contact: int, label: str, on: date) -> None:
        if (type_name, index, contact) in pairs:
            return
        pairs.add((type_name, index, contact))
        roles.setdefault(contact, []).append(label)
        links.append(
            LinkSeed(
                type_name, index, TargetKind.CONTACT, contact_ids[contact], label, on
            )
        )

    def days_ago(low: int, high: int) -> date:
        return today - timedelta(days=rng.randint(low, high))

    for type_name, index, label in FIRST_CONTACT_LINKS:
        link(type_name, index, first, label, days_ago(3, 400))
    others = [i for i in range(len(contact_ids)) if i != first]
    for index in range(len(COURSES)):
        people = rng.sample(others, 4)
        for contact in people[: rng.randint(2, 3)]:
            link(COURSE, index, contact, STUDENT, days_ago(3, 400))
        if rng.random() < 0.5:
            link(COURSE, index, people[3], GUARDIAN, days_ago(3, 400))
    for index, seed in enumerate(PROPERTIES):
        buyer = next(
            deal_contacts[n]
            for n, deal in enumerate(DEALS)
            if deal.property_index == index
        )
        owner = rng.choice([i for i in others if i != buyer])
        link(
            PROPERTY,
            index,
            owner,
            OWNER,
            days_ago(seed.listed_days_ago, seed.listed_days_ago + 30),
        )
        if seed.status != "Available":
            link(PROPERTY, index, buyer, BUYER, days_ago(1, seed.listed_days_ago))
    return links, roles


def _tags(rng: random.Random, roles: list[str]) -> list[str]:
    tags = list(dict.fromkeys(ROLE_TAGS[role] for role in roles))
    extra = rng.randint(0 if tags else 1, 2)
    tags += [tag for tag in rng.sample(EXTRA_TAGS, extra) if tag not in tags]
    return tags


def _deals(
    account_id: str, now: datetime, contacts: list[Contact], deal_contacts: list[int]
) -> list[Deal]:
    deals: list[Deal] = []
    for n, seed in enumerate(DEALS):
        contact = contacts[deal_contacts[n]]
        close = now.date() + timedelta(days=seed.closes_in_days)
        deals.append(
            Deal(
                id=new_id(),
                account_id=account_id,
                name=seed.name.format(last=contact.last_name),
                stage=seed.stage,
                amount=parse_money(seed.amount, seed.currency),
                contact_id=contact.id,
                close_date=close.isoformat(),
                external_id=f"demo-deal-{n + 1:03d}",
                created_at=now,
            )
        )
    return deals


def _courses(today: date) -> list[dict[str, Any]]:
    return [
        {
            "name": course.name,
            "code": course.code,
            "level": course.level,
            "monthly_fee": {"amount": course.monthly_fee, "currency": "BRL"},
            "start_date": today + timedelta(days=course.starts_in_days),
            "evening": course.evening,
            "syllabus": "https://escola.example.com/cursos/"
            + derive_key(course.name).replace("_", "-"),
        }
        for course in COURSES
    ]


def _properties(today: date) -> list[dict[str, Any]]:
    return [
        {
            "address": item.address,
            "bedrooms": item.bedrooms,
            "price": {"amount": item.price, "currency": item.currency},
            "listed_date": today - timedelta(days=item.listed_days_ago),
            "status": item.status,
        }
        for item in PROPERTIES
    ]
