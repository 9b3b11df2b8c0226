"""The layout's fixed links, reversed once per process: the same answers as `{% url %}`,
under a script prefix too."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from intrasphere.templatetags.portal import layout_url

NAMES = ["dashboard", "search", "messaging:inbox", "accounts:profile", "set_language"]


@pytest.fixture
def script_prefix():
    yield
    set_script_prefix("/")


def test_layout_url_answers_like_reverse(script_prefix):
    for name in NAMES:
        assert layout_url(name) == reverse(name)
    set_script_prefix("/intranet/")
    for name in NAMES:
        assert layout_url(name) == reverse(name)
        assert layout_url(name).startswith("/intranet/")


def test_layout_url_in_a_template_and_for_an_unknown_name():
    rendered = engines["django"].from_string("{% load portal %}{% layout_url 'search' %}")
    assert rendered.render({}) == reverse("search")
    with pytest.raises(NoReverseMatch, match="Reverse for 'nowhere' not found"):
        layout_url("nowhere")


@pytest.mark.django_db
def test_every_page_of_the_layout_links_where_it_should(employee_client):
    page = employee_client.get(reverse("dashboard")).content.decode()
    for name in ["content:announcement_list", "forum:index", "messaging:inbox", "search"]:
        assert f'href="{reverse(name)}"' in page
