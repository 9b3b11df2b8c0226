"""The training journey always says what is next, in a real browser: a lesson link without a seat
leads to "Register"; then "Start", "Continue: <lesson>", "Take the quiz", "Try again",
"Next lesson", and once completed "Review" and "Download certificate"."""

import pytest
from playwright.sync_api import expect

from tests.training.factories import (
    CourseFactory,
    LessonFactory,
    TrainingFactory,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db(transaction=True)


def answer(page, *, right: bool) -> None:
    page.get_by_role("button", name="Take the quiz").click()
    if right:
        page.get_by_role("group", name="1.").get_by_label("Right").check()
        multiple = page.get_by_role("group", name="2.")
        multiple.get_by_label("A", exact=True).check()
        multiple.get_by_label("B", exact=True).check()
    else:
        page.get_by_role("group", name="1.").get_by_label("Wrong").check()
    page.get_by_role("button", name="Submit my answers").click()


def test_each_step_names_the_next_one(employee_page, assert_accessible):
    training = TrainingFactory(title="Ladders")
    course = CourseFactory(training=training, title="Basics")
    footing = LessonFactory(course=course, title="Footing", order=1)
    LessonFactory(course=course, title="Climbing", order=2)
    quiz_with_questions(lesson=footing, title="Footing check", max_attempts=2)
    page = employee_page

    # A lesson link without a seat: the training's page, with "Register".
    page.goto(footing.get_absolute_url())
    expect(page.get_by_text("Register for this training to open its lessons.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ladders")
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()

    # Registered: "Start" (no cancel-only dead end).
    page.get_by_role("link", name="Start", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Footing")
    assert_accessible(page)

    # In progress: "Continue: Footing" from the training's page.
    page.goto(training.get_absolute_url())
    page.get_by_role("link", name="Continue: Footing").click()
    page.get_by_role("link", name="Take the quiz").click()
    assert_accessible(page)

    # A failed attempt with one left: "Try again"; a passed one: "Next lesson".
    answer(page, right=False)
    expect(page.get_by_role("link", name="Next lesson")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Try again").click()
    page.get_by_role("group", name="1.").get_by_label("Right").check()
    multiple = page.get_by_role("group", name="2.")
    multiple.get_by_label("A", exact=True).check()
    multiple.get_by_label("B", exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You passed the quiz.")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Climbing")
    assert_accessible(page)

    # Finished: the training's page offers "Review" and the certificate.
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("Congratulations, you completed the training!")).to_be_visible()
    expect(page.get_by_role("link", name="Review")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download certificate").click()
    assert download.value.suggested_filename.startswith("certificate-")
    assert_accessible(page)
