"""The shared form rendering (includes/form.html, form_field.html, filter_field.html): required
fields marked and explained, an error summary linking to each field, a checkbox before its label."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory, grant
from tests.forum.factories import CategoryFactory
from tests.pages import signed_in

pytestmark = pytest.mark.django_db

MARK = '<span class="required-mark" aria-hidden="true">*</span>'


class SampleForm(forms.Form):
    name = forms.CharField(label="Name")
    note = forms.CharField(label="Note", required=False)
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_required_fields_carry_a_mark_and_the_attribute():
    html = render_to_string("includes/form.html", {"form": SampleForm()})
    assert "are required." in html  # the legend says what the mark means
    # The mark follows the label, outside it: the label (the field's name) stays "Name".
    assert '<label for="id_name">Name</label>' + MARK in html
    assert '<label for="id_note">Note</label><input' in html  # optional: no mark
    assert re.search(r'<input type="text" name="name"[^>]* required', html)
    assert not re.search(r'<input type="text" name="note"[^>]* required', html)


def test_a_form_without_required_fields_has_no_legend():
    class Optional(forms.Form):
        note = forms.CharField(required=False)

    assert "are required" not in render_to_string("includes/form.html", {"form": Optional()})


def test_a_checkbox_comes_before_its_label():
    html = render_to_string("includes/form.html", {"form": SampleForm()})
    assert html.index('id="id_agree"') < html.index('<label for="id_agree">')


def test_the_error_summary_lists_and_links_every_error():
    form = SampleForm(data={"note": "x"})
    html = render_to_string("includes/form.html", {"form": form})
    assert html.index("data-error-summary") < html.index('<div class="form-row')
    summary = html[html.index("data-error-summary") : html.index("</div>")]
    assert 'role="alert"' in html and 'tabindex="-1"' in html
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_name", "id_agree"]
    assert "There is a problem" in summary


def test_no_summary_before_a_submit():
    assert "data-error-summary" not in render_to_string(
        "includes/form.html", {"form": SampleForm()}
    )


def test_a_failed_submit_shows_the_summary_on_the_page(employee):
    category = CategoryFactory()
    client = signed_in(employee)
    url = reverse("forum:topic_create", args=[category.slug])
    page = client.get(url).text
    assert '<label for="id_title">Title</label>' + MARK in page
    assert "data-error-summary" not in page
    response = client.post(url, {"title": "", "content": ""})
    assert response.status_code == 200
    page = response.text
    assert re.findall(r'<a href="#(id_\w+)">', page)[:2] == ["id_title", "id_content"]
    assert "Give the topic a title." in page


def test_the_overdue_filter_box_comes_before_its_label():
    handler = grant(UserFactory(), "complaints.manage_complaints")
    page = signed_in(handler).get(reverse("complaints:handling_list")).text
    box = re.search(r'<input type="checkbox" name="overdue"[^>]*id="(\w+)"', page)
    assert box, "no overdue checkbox"
    assert page.index(box.group(0)) < page.index(f'<label for="{box.group(1)}">Overdue only')
    assert '<div class="form-check">' in page


def test_the_legend_and_the_summary_in_french():
    with translation.override("fr"):
        html = render_to_string("includes/form.html", {"form": SampleForm(data={})})
    assert "sont obligatoires." in html and "Il y a un problème" in html
