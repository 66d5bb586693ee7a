"""The operations person's journey, only through the pages: define a Course type
with its fields, add a course, link it to a contact, and find it there."""

from __future__ import annotations

from datetime import date

from schemas.crm import Contact
from services.context import Context
from services.object_types import get_object_type
from tests.factories import make_contact
from tests.views.conftest import OpenPage, errors, keys, successes


def test_from_a_new_object_type_to_a_record_on_a_contact(
    ctx: Context, open_page: OpenPage
):
    ana: Contact = make_contact(ctx, "Ana", "Silva")

    # Define the type and its fields.
    at = open_page("object_types")
    at.text_input(key="type_new.name").input("Course")
    at.selectbox(key="type_new.icon").select("🎓")
    at.button(key="type_new.submit").click().run()
    type_id = get_object_type(ctx, "course").id
    form = f"field_new.{type_id}"
    at.selectbox(key=f"{form}.format").select("list").run()
    at.text_input(key=f"{form}.label").input("Level")
    at.text_area(key=f"{form}.options").input("Beginner\nAdvanced")
    at.button(key=f"{form}.submit").click().run()
    at.selectbox(key=f"{form}~1.format").select("currency").run()
    at.text_input(key=f"{form}~1.label").input("Monthly fee")
    at.button(key=f"{form}~1.submit").click().run()
    at.selectbox(key=f"{keys(at, form)}.format").select("date").run()
    at.text_input(key=f"{keys(at, form)}.label").input("Start date")
    at.toggle(key=f"{keys(at, form)}.required").set_value(True)
    at.button(key=f"{keys(at, form)}.submit").click().run()
    fields = at.dataframe[0].value.to_dict("records")

    # Add a course.
    at = open_page("records", type="course")
    at.segmented_control(key="records.mode").set_value("new").run()
    new_record = f"record_new.{type_id}"
    at.text_input(key=f"{new_record}.name").input("Algebra")
    at.selectbox(key=f"{new_record}.level").set_value("advanced")
    at.text_input(key=f"{new_record}.monthly_fee.amount").input("450")
    at.date_input(key=f"{new_record}.start_date").set_value(date(2025, 3, 1))
    at.button(key=f"{new_record}.submit").click().run()
    created = successes(at)
    at.segmented_control(key="records.mode").set_value("browse").run()
    rows = at.dataframe[0].value.to_dict("records")

    # Link it to the contact, from the contact's page.
    at = open_page("contacts")
    at.button(key=f"contacts.open.{ana.id}").click().run()
    at.text_input(key="contact_association.course.search").input("alg").run()
    at.text_input(key="contact_association.label").input("student")
    at.date_input(key="contact_association.date").set_value(date(2025, 3, 3))
    at.button(key="contact_association.submit").click().run()

    assert [(f["Label"], f["Format"], f["Required"]) for f in fields] == [
        ("Name", "Text", True),
        ("Level", "List", False),
        ("Monthly fee", "Currency", False),
        ("Start date", "Date", True),
    ]
    assert created == ["Course 'Algebra' created."]
    assert rows == [
        {
            "Name": "Algebra",
            "Level": "Advanced",
            "Monthly fee": "R$450.00",
            "Start date": "2025-03-01",
        }
    ]
    assert errors(at) == []
    assert at.query_params == {"id": ana.id}
    assert "🎓 Courses (1)" in [s.value for s in at.subheader]
    assert [p.value for p in at.main.page_link] == ["Algebra"]
    markdown = [m.value for m in at.main.markdown]
    assert ":gray-badge[student]" in markdown
    assert "since 2025-03-03" in markdown
