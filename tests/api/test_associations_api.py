"""/v1/associations and the records of a contact or deal: links made by ids or
by external ids, idempotent for integrations that retry, and another account's
records, contacts and deals as if they did not exist."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from schemas.accounts import Account
from schemas.crm import Contact, Deal, TargetKind
from schemas.object_types import ObjectType
from schemas.records import Record
from services import associations, object_types
from services.context import Context
from store import events
from store.engine import Store
from tests.api.conftest import MODULE_OFF, READ_ONLY, error_of
from tests.factories import (
    make_contact,
    make_deal,
    make_object_type,
    make_record,
    on_every_engine,
)

URL = "/v1/associations"


@pytest.fixture
def course(ctx: Context) -> ObjectType:
    return make_object_type(ctx, "Course", icon="🎓", every_format=False)


@pytest.fixture
def algebra(ctx: Context, course: ObjectType) -> Record:
    return make_record(ctx, course, "Algebra", external_id="course-1")


@pytest.fixture
def ana(ctx: Context) -> Contact:
    return make_contact(ctx, "Ana", "Souza", external_id="crm-ana")


@pytest.fixture
def contract(ctx: Context) -> Deal:
    return make_deal(ctx, "School contract", external_id="erp-9")


def _problems(response: Any) -> list[tuple[str, str]]:
    return [(d["field"], d["message"]) for d in error_of(response)["details"]]


def _link(
    record: Record, target: Contact | Deal, kind: str = "contact", **extra: Any
) -> dict[str, Any]:
    return {
        "record": {"id": record.id},
        "target": {"kind": kind, "id": target.id},
    } | extra


# --- create -------------------------------------------------------------------


def test_create_answers_201_with_the_link_its_label_and_date(
    writer: TestClient, algebra: Record, ana: Contact, store: Store
) -> None:
    response = writer.post(
        URL, json=_link(algebra, ana, label="  student ", date="2025-03-01")
    )

    body = response.json()
    assert response.status_code == 201
    assert body == {
        "id": body["id"],
        "record_id": algebra.id,
        "type_key": "course",
        "target": {"kind": "contact", "id": ana.id, "external_id": None},
        "label": "student",
        "date": "2025-03-01",
    }
    assert store.associations.count_documents({}) == 1


@pytest.mark.parametrize("record_by", ["id", "external_id"])
@pytest.mark.parametrize("target_by", ["id", "external_id"])
@pytest.mark.parametrize("kind", ["contact", "deal"])
def test_the_record_and_target_are_named_by_id_or_external_id(
    writer: TestClient,
    algebra: Record,
    ana: Contact,
    contract: Deal,
    record_by: str,
    target_by: str,
    kind: str,
) -> None:
    target = ana if kind == "contact" else contract
    record_ref = (
        {"id": algebra.id}
        if record_by == "id"
        else {"type_key": "course", "external_id": "course-1"}
    )
    target_ref = {"kind": kind, target_by: getattr(target, target_by)}

    response = writer.post(URL, json={"record": record_ref, "target": target_ref})

    body = response.json()
    assert response.status_code == 201
    assert (body["record_id"], body["target"]["kind"], body["target"]["id"]) == (
        algebra.id,
        kind,
        target.id,
    )
    assert body["label"] == ""
    assert body["date"] == datetime.now(UTC).date().isoformat()


def test_the_same_pair_again_answers_200_with_the_link_and_a_new_label(
    writer: TestClient, algebra: Record, ana: Contact, store: Store, ctx: Context
) -> None:
    first = writer.post(URL, json=_link(algebra, ana, label="student"))

    relabelled = writer.post(
        URL,
        json={
            "record": {"type_key": "course", "external_id": "course-1"},
            "target": {"kind": "contact", "external_id": "crm-ana"},
            "label": "guardian",
        },
    )
    unlabelled = writer.post(URL, json=_link(algebra, ana))

    assert (first.status_code, relabelled.status_code) == (201, 200)
    assert relabelled.json() == first.json() | {"label": "guardian"}
    assert unlabelled.status_code == 200
    assert unlabelled.json()["label"] == "guardian"
    assert store.associations.count_documents({}) == 1
    actions = [e["action"] for e in events.recent(ctx.store, ctx.account_id)]
    assert actions[:2] == ["association.updated", "association.created"]


def test_the_same_pair_with_the_same_label_writes_nothing(
    writer: TestClient, algebra: Record, ana: Contact, store: Store
) -> None:
    writer.post(URL, json=_link(algebra, ana, label="student"))
    audited = store.events.count_documents({})

    again = writer.post(URL, json=_link(algebra, ana, label="student"))

    assert again.status_code == 200
    assert store.events.count_documents({}) == audited


def test_a_link_dated_in_the_past_keeps_its_date(
    writer: TestClient, algebra: Record, ana: Contact
) -> None:
    response = writer.post(URL, json=_link(algebra, ana, date="1999-12-31"))

    assert response.status_code == 201
    assert date.fromisoformat(response.json()["date"]) == date(1999, 12, 31)


def test_a_record_links_to_a_contact_and_a_deal_apart(
    writer: TestClient, algebra: Record, ana: Contact, contract: Deal, store: Store
) -> None:
    to_contact = writer.post(URL, json=_link(algebra, ana))
    to_deal = writer.post(URL, json=_link(algebra, contract, "deal"))

    assert (to_contact.status_code, to_deal.status_code) == (201, 201)
    assert store.associations.count_documents({}) == 2


def test_a_link_of_an_archived_type_is_returned_but_not_relabelled(
    writer: TestClient, ctx: Context, course: ObjectType, algebra: Record, ana: Contact
) -> None:
    first = writer.post(URL, json=_link(algebra, ana, label="student"))
    object_types.archive_object_type(ctx, course.id)

    again = writer.post(URL, json=_link(algebra, ana))
    relabelled = writer.post(URL, json=_link(algebra, ana, label="guardian"))

    assert (again.status_code, again.json()) == (200, first.json())
    assert relabelled.status_code == 409
    assert error_of(relabelled)["message"] == (
        "'Algebra' belongs to an archived object type; restore the type before "
        "associating its records."
    )
    assert ctx.store.associations.find_one({})["label"] == "student"


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"record": {}, "target": {"kind": "contact", "id": "x"}},
            [
                (
                    "record",
                    "Name the record by its id, or by its type_key and external_id.",
                )
            ],
        ),
        (
            {
                "record": {"type_key": "course"},
                "target": {"kind": "contact", "id": "x"},
            },
            [
                (
                    "record",
                    "Name the record by its id, or by its type_key and external_id.",
                )
            ],
        ),
        (
            {"record": {"id": "{algebra}"}, "target": {"kind": "deal"}},
            [("target", "Name the deal by its id or by its external_id.")],
        ),
        (
            {"record": {"id": "{algebra}"}, "target": {"kind": "contact", "id": ""}},
            [("target", "Name the contact by its id or by its external_id.")],
        ),
        (
            {"record": {"id": "{algebra}"}, "target": {"kind": "company", "id": "x"}},
            [
                (
                    "target.kind",
                    "Field 'target.kind' expects one of 'contact' or 'deal'; got "
                    "'company'.",
                )
            ],
        ),
        (
            {"record": {"id": "{algebra}"}},
            [("target", "Field 'target' is required; send it.")],
        ),
        (
            {
                "record": {"id": "{algebra}", "key": "course"},
                "target": {"kind": "contact", "id": "{ana}"},
            },
            [
                (
                    "record.key",
                    "Field 'record.key' is not one this request takes; remove it or "
                    "check its spelling.",
                )
            ],
        ),
        (
            {
                "record": {"id": "{algebra}"},
                "target": {"kind": "contact", "id": "{ana}"},
                "date": "01/03/2025",
            },
            [
                (
                    "date",
                    "Field 'date' expects a date like 2025-03-01; got '01/03/2025'.",
                )
            ],
        ),
        (
            {
                "record": {"id": "{algebra}"},
                "target": {"kind": "contact", "id": "{ana}"},
                "label": "x" * 81,
            },
            [
                (
                    "label",
                    "The association label is 81 characters long; keep it within "
                    "80, like 'student' or 'guardian'.",
                )
            ],
        ),
    ],
)
def test_create_refuses_bad_references_and_values_naming_the_field(
    writer: TestClient,
    algebra: Record,
    ana: Contact,
    store: Store,
    body: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    filled = {
        part: (
            {k: str(v).format(algebra=algebra.id, ana=ana.id) for k, v in value.items()}
            if isinstance(value, dict)
            else value
        )
        for part, value in body.items()
    }

    response = writer.post(URL, json=filled)

    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid"
    assert _problems(response) == problems
    assert store.associations.count_documents({}) == 0


@pytest.mark.parametrize(
    ("record", "target", "message"),
    [
        (
            {"id": "nothing"},
            {"kind": "contact", "id": "{ana}"},
            "Record 'nothing' does not exist in this account; it may have been "
            "deleted.",
        ),
        (
            {"type_key": "course", "external_id": "course-404"},
            {"kind": "contact", "id": "{ana}"},
            "No Course has the external id 'course-404'; create it first, or check "
            "the type key.",
        ),
        (
            {"type_key": "room", "external_id": "course-1"},
            {"kind": "contact", "id": "{ana}"},
            "Object type 'room' does not exist in this account; pick one from the "
            "object types page.",
        ),
        (
            {"id": "{algebra}"},
            {"kind": "deal", "id": "nothing"},
            "Deal 'nothing' does not exist in this account; pick one from the deals "
            "list.",
        ),
        (
            {"id": "{algebra}"},
            {"kind": "contact", "external_id": "crm-404"},
            "No contact has the external id 'crm-404' in this account; create it "
            "first with PUT /contacts/by-external-id/crm-404.",
        ),
    ],
)
def test_create_says_which_side_does_not_exist(
    writer: TestClient,
    algebra: Record,
    ana: Contact,
    store: Store,
    record: dict[str, str],
    target: dict[str, str],
    message: str,
) -> None:
    ids = {"algebra": algebra.id, "ana": ana.id}
    body = {
        "record": {k: v.format(**ids) for k, v in record.items()},
        "target": {k: v.format(**ids) for k, v in target.items()},
    }

    response = writer.post(URL, json=body)

    assert response.status_code == 404
    assert error_of(response)["message"] == message
    assert store.associations.count_documents({}) == 0


# --- delete -------------------------------------------------------------------


def test_delete_answers_204_then_404(
    writer: TestClient, algebra: Record, ana: Contact, store: Store
) -> None:
    link = writer.post(URL, json=_link(algebra, ana)).json()

    deleted = writer.delete(f"{URL}/{link['id']}")
    again = writer.delete(f"{URL}/{link['id']}")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert again.status_code == 404
    assert error_of(again)["message"] == (
        "That association does not exist any more; it may have been removed "
        "already. Reload the page."
    )
    assert store.associations.count_documents({}) == 0
    assert writer.get(f"/v1/objects/course/records/{algebra.id}").status_code == 200


# --- records of a contact or deal ---------------------------------------------


def test_a_contact_records_come_grouped_by_type_newest_link_first(
    writer: TestClient, ctx: Context, course: ObjectType, algebra: Record, ana: Contact
) -> None:
    house = make_object_type(
        ctx, "Property", plural="Properties", icon="🏠", every_format=False
    )
    flat = make_record(ctx, house, "Flat 12")
    music = make_record(ctx, course, "Music")
    for record, label, day in [
        (algebra, "student", "2025-02-01"),
        (music, "student", "2025-03-01"),
        (flat, "owner", "2024-12-01"),
    ]:
        writer.post(URL, json=_link(record, ana, label=label, date=day))

    response = writer.get(f"/v1/contacts/{ana.id}/records")

    groups = response.json()
    assert response.status_code == 200
    assert [g["object_type"] for g in groups] == [
        {"key": "course", "name": "Course", "plural": "Courses", "icon": "🎓"},
        {"key": "property", "name": "Property", "plural": "Properties", "icon": "🏠"},
    ]
    assert [
        [
            (
                i["record"]["display_name"],
                i["association"]["label"],
                i["association"]["date"],
            )
            for i in g["records"]
        ]
        for g in groups
    ] == [
        [("Music", "student", "2025-03-01"), ("Algebra", "student", "2025-02-01")],
        [("Flat 12", "owner", "2024-12-01")],
    ]
    first = groups[0]["records"][0]
    assert first["record"]["id"] == music.id
    assert first["association"]["target"]["id"] == ana.id


def test_a_deal_records_list_only_its_own_links(
    writer: TestClient, algebra: Record, ana: Contact, contract: Deal
) -> None:
    writer.post(URL, json=_link(algebra, ana))
    writer.post(URL, json=_link(algebra, contract, "deal", label="subject"))

    response = writer.get(f"/v1/deals/{contract.id}/records")

    [group] = response.json()
    assert [i["association"]["label"] for i in group["records"]] == ["subject"]
    assert group["records"][0]["association"]["target"]["kind"] == "deal"


def test_a_contact_without_links_has_no_groups(
    writer: TestClient, ana: Contact
) -> None:
    response = writer.get(f"/v1/contacts/{ana.id}/records")

    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(
    ("kind", "label"), [("contacts", "Contact"), ("deals", "Deal")]
)
def test_records_of_an_unknown_contact_or_deal_are_404(
    writer: TestClient, kind: str, label: str
) -> None:
    response = writer.get(f"/v1/{kind}/nothing/records")

    assert response.status_code == 404
    assert error_of(response)["message"] == (
        f"{label} 'nothing' does not exist in this account; pick one from the "
        f"{kind} list."
    )


# --- keys, the module switch and another account ------------------------------


def test_a_read_only_key_reads_links_but_may_not_make_or_remove_them(
    reader: TestClient, ctx: Context, algebra: Record, ana: Contact, store: Store
) -> None:
    link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.CONTACT, target_id=ana.id
    )

    listed = reader.get(f"/v1/contacts/{ana.id}/records")
    made = reader.post(URL, json=_link(algebra, ana, label="x"))
    removed = reader.delete(f"{URL}/{link.id}")

    assert listed.status_code == 200
    assert (made.status_code, removed.status_code) == (403, 403)
    assert error_of(made)["message"] == error_of(removed)["message"] == READ_ONLY
    assert store.associations.find_one({})["label"] == ""


def test_with_the_module_off_associations_say_so_in_the_ui_words(
    writer: TestClient,
    ctx: Context,
    algebra: Record,
    ana: Contact,
    contract: Deal,
    store: Store,
    account: Account,
) -> None:
    link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.CONTACT, target_id=ana.id
    )
    store.accounts.update_one(
        {"_id": account.id}, {"$set": {"modules.custom_objects": False}}
    )

    answers = [
        writer.post(URL, json=_link(algebra, ana)),
        writer.delete(f"{URL}/{link.id}"),
        writer.get(f"/v1/contacts/{ana.id}/records"),
        writer.get(f"/v1/deals/{contract.id}/records"),
    ]

    assert [a.status_code for a in answers] == [403] * 4
    assert {(error_of(a)["code"], error_of(a)["message"]) for a in answers} == {
        ("module_disabled", MODULE_OFF)
    }
    assert store.associations.count_documents({}) == 1


def test_another_account_records_contacts_and_links_are_not_found(
    outsider: TestClient,
    ctx: Context,
    algebra: Record,
    ana: Contact,
    other_account: Account,
    store: Store,
) -> None:
    theirs = Context.system(store, other_account)
    their_course = make_object_type(theirs, "Course", every_format=False)
    their_record = make_record(theirs, their_course, "Algebra", external_id="course-1")
    their_contact = make_contact(theirs, "Bia", external_id="crm-ana")
    link = associations.associate(
        ctx, record_id=algebra.id, kind=TargetKind.CONTACT, target_id=ana.id
    )

    answers = [
        outsider.post(URL, json=_link(algebra, their_contact)),
        outsider.post(URL, json=_link(their_record, ana)),
        outsider.delete(f"{URL}/{link.id}"),
        outsider.get(f"/v1/contacts/{ana.id}/records"),
    ]
    by_external_ids = outsider.post(
        URL,
        json={
            "record": {"type_key": "course", "external_id": "course-1"},
            "target": {"kind": "contact", "external_id": "crm-ana"},
        },
    )

    assert [a.status_code for a in answers] == [404] * 4
    assert error_of(answers[0])["message"] == (
        f"Record '{algebra.id}' does not exist in this account; it may have been "
        "deleted."
    )
    assert error_of(answers[1])["message"] == (
        f"Contact '{ana.id}' does not exist in this account; pick one from the "
        "contacts list."
    )
    assert by_external_ids.status_code == 201
    assert by_external_ids.json()["record_id"] == their_record.id
    assert by_external_ids.json()["target"]["id"] == their_contact.id
    assert store.associations.count_documents({"account_id": ctx.account_id}) == 1
    mine = associations.grouped_records(ctx, TargetKind.CONTACT, ana.id)
    assert [item.association.id for group in mine for item in group.items] == [link.id]


# --- many clients at once -----------------------------------------------------


@on_every_engine
def test_eight_clients_linking_the_same_pairs_at_once_leave_one_link_each(
    crowd: list[TestClient], ctx: Context, course: ObjectType, store: Store
) -> None:
    courses = [
        make_record(ctx, course, f"Course {n}", external_id=f"course-{n}")
        for n in range(5)
    ]
    people = [make_contact(ctx, f"P{n}", external_id=f"crm-{n}") for n in range(4)]
    deal = make_deal(ctx, external_id="erp-1")
    pairs = [
        (record, {"kind": "contact", "external_id": person.external_id})
        for record in courses
        for person in people
    ] + [(record, {"kind": "deal", "id": deal.id}) for record in courses]
    start = threading.Barrier(len(crowd), timeout=60)

    def link_all(worker: int) -> list[int]:
        api = crowd[worker]
        start.wait()
        statuses = []
        for record, target in pairs:
            ref = (
                {"id": record.id}
                if worker % 2
                else {"type_key": "course", "external_id": record.external_id}
            )
            body = {"record": ref, "target": target, "label": f"t{worker}"}
            statuses.append(api.post(URL, json=body).status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
        statuses = [
            s for worker in pool.map(link_all, range(len(crowd))) for s in worker
        ]

    assert statuses.count(201) == len(pairs) == 25
    assert statuses.count(200) == 7 * len(pairs)
    links = list(store.associations.find({"account_id": ctx.account_id}))
    assert len(links) == 25
    assert len({(link["record_id"], link["target_id"]) for link in links}) == 25
    assert {link["label"] for link in links} <= {f"t{n}" for n in range(8)}
