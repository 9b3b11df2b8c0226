"""Documents: a manager uploads a document, then a new version, and downloads the old one."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import grant

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = b"Expense policy, 2025 edition: meals up to 20 EUR.\n"
SECOND = b"Expense policy, 2026 edition: meals up to 25 EUR.\n"


def test_a_document_gets_a_new_version_and_keeps_the_old_one(
    open_page, employee, assert_accessible
):
    page = open_page(grant(employee, "content.manage_documents"))
    page.goto("/documents/")
    assert_accessible(page)
    page.get_by_role("link", name="New document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New document")
    assert_accessible(page)
    page.get_by_label("Title").fill("Expense policy")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "expenses-2025.txt", "mimeType": "text/plain", "buffer": FIRST}]
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expense policy")
    assert_accessible(page)

    page.get_by_role("link", name="Upload a new version").click()
    assert_accessible(page)
    page.get_by_label("New file").set_input_files(
        files=[{"name": "expenses-2026.txt", "mimeType": "text/plain", "buffer": SECOND}]
    )
    page.get_by_label("What changed?").fill("Meal allowance raised to 25 EUR")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Expense policy")
    expect(page.get_by_text("Version 2 was added.")).to_be_visible()
    expect(page.get_by_text("Version 2", exact=True)).to_be_visible()
    versions = page.get_by_role("region", name="Versions")
    expect(versions.get_by_role("row")).to_have_count(3)  # header + two versions
    expect(versions).to_contain_text("Meal allowance raised to 25 EUR")
    assert_accessible(page)

    with page.expect_download() as current:
        page.get_by_role("link", name="Download", exact=True).click()
    assert Path(current.value.path()).read_bytes() == SECOND

    with page.expect_download() as old:
        versions.get_by_role("link", name="expenses-2025.txt").click()
    assert old.value.suggested_filename == "expenses-2025.txt"
    assert Path(old.value.path()).read_bytes() == FIRST
