"""Take docs/contact.png, the README's picture of a contact's grouped records.

Start the server on a fresh embedded store (it seeds the demo account), then:

    DATA_DIR=$(mktemp -d) custom-objects serve --port 8599 &
    python docs/screenshot.py http://127.0.0.1:8599

It signs in as the demo admin and opens, in list order, the first contact with
records of at least two object types. Emoji need a colour emoji font in the
system (Debian: fonts-noto-color-emoji); without one they show as boxes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import FloatRect, Page, ViewportSize, expect, sync_playwright

ADMIN = ("admin@demo.example", "demo-admin")
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
TIMEOUT_MS = 30_000
GROUP_HEADING = re.compile(r"\(\d+\)$")
QUIET_SCRIPT = """(quietMs) => {
    const app = document.querySelector("[data-testid='stApp']");
    const idle = app?.dataset.testScriptState === "notRunning"
        && !document.querySelector("[data-stale='true']");
    const now = performance.now();
    if (!idle) window.__busySince = now;
    return idle && now - window.__busySince >= quietMs;
}"""


def settled(page: Page, quiet_ms: int = 500) -> None:
    """Wait until no script runs and no stale element shows for `quiet_ms`."""
    page.evaluate("window.__busySince = performance.now()")
    page.wait_for_function(QUIET_SCRIPT, arg=quiet_ms, polling=50)


def sign_in(page: Page) -> None:
    email, password = ADMIN
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    settled(page)


def group_count(page: Page) -> int:
    """How many object type sections the open contact shows."""
    expect(page.get_by_role("heading", name="Associate a record")).to_be_visible()
    settled(page)
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    return sum(1 for text in headings if GROUP_HEADING.search(text.strip()))


def open_contact_with_groups(page: Page, wanted: int = 2) -> str:
    """Open the contacts listed until one shows `wanted` groups; its name."""
    buttons = page.locator("[class*='st-key-contacts-open-'] button")
    expect(buttons.first).to_be_visible()
    names = buttons.all_inner_texts()
    for name in names:
        page.get_by_role("button", name=name, exact=True).click()
        if group_count(page) >= wanted:
            return name
        page.get_by_role("button", name="All contacts").click()
        expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
        settled(page)
    sys.exit(f"None of the {len(names)} contacts listed has {wanted} groups.")


def above_the_form(page: Page) -> FloatRect:
    """The window down to the "Associate a record" form, which is left out."""
    box = page.get_by_role("heading", name="Associate a record").bounding_box()
    bottom = VIEWPORT["height"] if box is None else min(box["y"], VIEWPORT["height"])
    return {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": bottom - 8}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the running server, like http://127.0.0.1:8599")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).with_name("contact.png"),
        help="where to save the PNG (default: docs/contact.png)",
    )
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or shutil.which("chromium-browser"),
        help="the browser to drive (default: chromium on PATH)",
    )
    args = parser.parse_args()
    if not args.chromium:
        sys.exit("No chromium on PATH; install it (apt-get install chromium).")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport=VIEWPORT, base_url=args.url)
        page.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        page.goto("/")
        sign_in(page)
        name = open_contact_with_groups(page)
        page.mouse.move(VIEWPORT["width"] - 1, VIEWPORT["height"] - 1)
        page.evaluate("document.fonts.ready")
        settled(page)
        page.screenshot(path=args.output, clip=above_the_form(page))
        browser.close()
    print(f"Saved {args.output} showing {name}.")


if __name__ == "__main__":
    main()
