"""The journey in a real browser against the real server: sign in, define an
object type with its fields, add a record, associate it with a contact, see it
grouped under its type there, and remove the association."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e

ADMIN = ("admin@demo.example", "demo-admin")
OPEN_CONTACT = re.compile(r"st-key-contacts-open-(\w+)")
# How long the app must stay idle to count as settled.
QUIET_MS = 300
POLL_MS = 50
QUIET_SCRIPT = """(quietMs) => {
    const app = document.querySelector("[data-testid='stApp']");
    const idle = app?.dataset.testScriptState === "notRunning"
        && !document.querySelector("[data-stale='true']");
    const now = performance.now();
    if (!idle) window.__busySince = now;
    return idle && now - window.__busySince >= quietMs;
}"""


def settled(page: Page) -> None:
    """Wait until the app has been idle for a moment: no script run, no stale
    elements. One run can follow another (a write, then its rerun), so a single
    look at the state is not enough, and a form's widgets from before a rerun
    must not be mistaken for the new ones."""
    page.evaluate("window.__busySince = performance.now()")
    page.wait_for_function(QUIET_SCRIPT, arg=QUIET_MS, polling=POLL_MS)


def sign_in(page: Page, email: str, password: str) -> None:
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
    settled(page)


def choose(page: Page, select: Locator, option: str, search: str = "") -> None:
    """Pick an option of a Streamlit select box: type to filter the options,
    then click one. Scrolling closes an open list, so scroll first."""
    select.evaluate("element => element.scrollIntoView({block: 'center'})")
    select.fill(search or option)
    if select.get_attribute("aria-expanded") != "true":
        select.press("ArrowDown")  # typing does not always open the list
    page.get_by_role("option", name=option, exact=True).click()


def set_date(page: Page, label: str, iso_date: str) -> None:
    """Type a date into a Streamlit date input, one segment at a time."""
    year, month, day = iso_date.split("-")
    for part, digits in (("year", year), ("month", month), ("day", day)):
        segment = page.get_by_role("spinbutton", name=f"{part}, {label}", exact=True)
        segment.focus()
        page.keyboard.type(digits)
        expect(segment).to_have_attribute("aria-valuenow", str(int(digits)))
    page.keyboard.press("Escape")


def flash(page: Page, message: str) -> None:
    """The success message a write shows after its rerun, once that rerun ends."""
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(message)
    settled(page)


def first_contact_id(page: Page) -> str:
    """The id of the first contact listed, from its button's widget key."""
    button = page.locator("[class*='st-key-contacts-open-']").first
    expect(button).to_be_visible()
    found = OPEN_CONTACT.search(button.get_attribute("class") or "")
    assert found, "The contacts list shows no contact to open."
    return found.group(1)


def add_field(page: Page, field_format: str, label: str, options: str = "") -> None:
    column = page.get_by_test_id("stColumn").filter(
        has=page.get_by_text("Add a field", exact=True)
    )
    choose(page, column.get_by_label("Format", exact=True), field_format)
    submit = column.get_by_role("button", name=f"Add {field_format.lower()} field")
    expect(submit).to_be_visible()
    settled(page)
    column.get_by_label("Label *", exact=True).fill(label)
    if options:
        column.get_by_label("Options, one per line", exact=True).fill(options)
    submit.click()
    flash(page, f"Field '{label}' added.")


def test_a_new_object_type_reaches_a_contact_grouped_by_type(page: Page):
    page.goto("/")
    sign_in(page, *ADMIN)
    contact_id = first_contact_id(page)

    # Define the object type and its fields.
    page.get_by_role("link", name="Object types").click()
    expect(page.get_by_role("heading", name="Object types")).to_be_visible()
    page.get_by_label("Name *", exact=True).fill("Matrícula")
    page.get_by_label("Plural name", exact=True).fill("Matrículas")
    page.get_by_label("Or another icon", exact=True).fill("🎓")
    page.get_by_label("Primary property", exact=True).fill("Student")
    page.get_by_role("button", name="Create object type").click()
    flash(page, "Object type 'Matrícula' created.")
    expect(page.get_by_role("heading", name="🎓 Matrícula")).to_be_visible()
    add_field(page, "List", "Plan", options="Monthly\nYearly")
    add_field(page, "Currency", "Fee")
    add_field(page, "Date", "Starts on")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()

    # Make a record of it.
    page.get_by_role("link", name="Open its matrículas").click()
    expect(page.get_by_role("heading", name="Records")).to_be_visible()
    page.get_by_text("New", exact=True).click()
    page.get_by_label("Student *", exact=True).fill("Beatriz Lima")
    choose(page, page.get_by_label("Plan", exact=True), "Yearly")
    page.get_by_label("Fee", exact=True).fill("1250.00")
    set_date(page, "Starts on", "2026-03-02")
    page.get_by_role("button", name="Create Matrícula").click()
    flash(page, "Matrícula 'Beatriz Lima' created.")

    # Associate it with a contact, opened by its deep link.
    page.goto(f"/?id={contact_id}")
    sign_in(page, *ADMIN)
    expect(page.get_by_role("heading", name="Associate a record")).to_be_visible()
    choose(
        page,
        page.get_by_label("Object type", exact=True),
        "🎓 Matrículas",
        search="Matr",
    )
    search = page.get_by_label("Search Matrículas", exact=True)
    search.fill("beatriz")
    search.press("Enter")
    expect(page.get_by_label("Matrícula", exact=True)).to_have_value("Beatriz Lima")
    page.get_by_label("Label", exact=True).fill("student")
    set_date(page, "Associated on", "2026-02-16")
    page.get_by_role("button", name="Associate", exact=True).click()
    flash(page, "Associated Matrícula 'Beatriz Lima' with contact")
    heading = page.get_by_role("heading", name="🎓 Matrículas (1)")
    row = page.get_by_test_id("stHorizontalBlock").filter(
        has=page.get_by_role("link", name="Beatriz Lima")
    )

    expect(heading).to_be_visible()
    expect(row).to_contain_text("student")
    expect(row).to_contain_text("since 2026-02-16")
    expect(row.locator("xpath=preceding::h3[1]")).to_have_text(
        re.compile(r"Matrículas \(1\)")
    )

    # Remove the association, which asks first.
    row.get_by_role("button", name="Remove").click()
    page.get_by_role("button", name="Yes, remove").click()
    flash(page, "Removed the association with Matrícula 'Beatriz Lima'.")
    expect(heading).to_have_count(0)
    expect(row).to_have_count(0)


def test_a_deep_link_opened_signed_out_lands_there_after_sign_in(page: Page):
    page.goto("/object-types?type=course")

    sign_in(page, *ADMIN)

    expect(page.get_by_role("heading", name="Course")).to_be_visible()
    expect(page.get_by_role("button", name="All object types")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/object-types\?type=course$"))
