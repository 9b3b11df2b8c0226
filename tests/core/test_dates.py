"""One date language: `|when` (relative for recent times, the reader's locale otherwise, inside
<time>) and Django's own date filters agree, in English and in French (24-hour clock)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from intrasphere.templatetags.dates import when_text

NOW = timezone.make_aware(datetime.datetime(2026, 12, 7, 18, 30))


def render(source: str, **context) -> str:
    return plain(Template(source).render(Context(context)))


def plain(text: str) -> str:
    """Django's relative times hold no-break spaces ("2\xa0hours")."""
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("language", "hours", "expected"),
    [
        ("en", 2, "2 hours ago"),
        ("fr", 2, "il y a 2 heures"),
        ("en", -3, "in 3 hours"),
        ("fr", -3, "dans 3 heures"),
    ],
)
def test_recent_moments_read_relative(language, hours, expected):
    with translation.override(language):
        assert plain(when_text(NOW - datetime.timedelta(hours=hours), now=NOW)) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2 Dec 2026, 18:05"), ("fr", "2 déc. 2026 à 18:05")]
)
def test_older_moments_read_in_the_readers_locale_with_a_24_hour_clock(language, expected):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 2, 18, 5))
    with translation.override(language):
        assert when_text(moment, now=NOW) == expected


def test_the_filter_wraps_the_words_in_time_with_the_exact_moment_as_title():
    moment = timezone.now() - datetime.timedelta(hours=2)
    with translation.override("fr"):
        html = render("{{ moment|when }}", moment=moment)
    local = timezone.localtime(moment)
    assert html.startswith(f'<time datetime="{local.isoformat()}" title="')
    assert f"{local:%H:%M}" in html  # the exact time in the title
    assert ">il y a 2 heures</time>" in html


def test_dates_and_date_mode_show_only_the_date():
    with translation.override("fr"):
        assert ">7 déc. 2026</time>" in render("{{ d|when }}", d=datetime.date(2026, 12, 7))
        recent = timezone.now() - datetime.timedelta(minutes=5)
        local = timezone.localtime(recent)
        html = render('{{ m|when:"date" }}', m=recent)
        assert f">{local.day} " in html and "il y a" not in html
    assert render("{{ none|when }}", none=None) == ""


def test_exact_mode_never_reads_relative():
    moment = timezone.now() - datetime.timedelta(hours=2)
    with translation.override("en"):
        assert "ago" not in when_text(moment, "exact")


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("en", "DATE_FORMAT", "7 December 2026"),
        ("fr", "DATE_FORMAT", "7 décembre 2026"),
        ("en", "DATETIME_FORMAT", "7 December 2026, 18:30"),
        ("fr", "DATETIME_FORMAT", "7 décembre 2026 à 18:30"),
        ("fr", "SHORT_DATETIME_FORMAT", "7 déc. 2026 à 18:30"),
    ],
)
def test_djangos_date_filter_uses_the_same_formats(language, fmt, expected):
    with translation.override(language):
        assert render(f'{{{{ m|date:"{fmt}" }}}}', m=NOW) == expected
