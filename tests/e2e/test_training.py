"""Training: register (a second colleague lands on the waitlist), follow a lesson, pass the quiz,
download the certificate and verify its code on the public page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    TrainingFactory,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fire_safety(db):
    training = TrainingFactory(title="Fire safety", max_participants=1)
    course = CourseFactory(training=training, title="Basics")
    LessonFactory(course=course, title="Evacuation routes", order=1)
    quiz = quiz_with_questions(
        LessonFactory(course=course, title="Extinguishers", order=2), title="Extinguishers quiz"
    )
    return training, quiz


def test_an_employee_earns_a_certificate(employee_page, open_page, fire_safety, assert_accessible):
    page = employee_page
    page.goto("/trainings/")
    assert_accessible(page)
    page.get_by_role("link", name="Fire safety").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fire safety")
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Your status: Registered")).to_be_visible()
    assert_accessible(page)

    # The only seat is taken: a colleague joins the waitlist.
    colleague = open_page(UserFactory())
    colleague.goto(page.url)
    colleague.get_by_role("button", name="Join the waitlist").click()
    expect(colleague.get_by_text("Your status: Waitlisted (position 1)")).to_be_visible()
    assert_accessible(colleague)

    # The first lesson, marked complete, leads to the next one.
    page.get_by_role("link", name="Start", exact=True).click()
    # The lesson's Markdown starts with "# Hello": still one h1, the lesson's title.
    expect(page.get_by_role("heading", level=1)).to_have_text("Evacuation routes")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Lesson completed.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Extinguishers")
    assert_accessible(page)

    # The second lesson is completed by passing its quiz.
    page.get_by_role("link", name="Take the quiz").click()
    assert_accessible(page)
    page.get_by_role("button", name="Take the quiz").click()
    page.get_by_role("group", name="1.").get_by_label("Right").check()
    multiple = page.get_by_role("group", name="2.")
    multiple.get_by_label("A", exact=True).check()
    multiple.get_by_label("B", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You passed the quiz.")).to_be_visible()
    expect(page.get_by_text("100%", exact=True)).to_be_visible()
    assert_accessible(page)

    # The certificate is ready.
    page.goto("/trainings/")
    page.get_by_role("link", name="My certificates").click()
    row = page.get_by_role("row").filter(has_text="Fire safety")
    code = row.get_by_role("code").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        row.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"certificate-{code}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Anyone can check the code, without signing in.
    visitor = open_page()
    visitor.goto(f"/certificates/verify/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Certificate verification")
    expect(visitor.get_by_text("This certificate is valid.")).to_be_visible()
    assert_accessible(visitor)
