"""Hostile input on every form the portal renders (found by walking the authorization matrix).

For each form, hypothesis submits generated values into one field (or into all of them) while
the other fields keep plausible values, and checks: never a 5xx; either the form re-renders
(200, and then no row of any model changed: nothing half-saved) or the request succeeds
(a redirect); and afterwards no page of the matrix shows a payload unescaped.
"""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.security import summary
from tests.security.forms import (
    Form,
    case_url,
    client_for,
    discover_forms,
    page_cases,
    unescaped_markers,
)
from tests.test_authorization_matrix import world  # noqa: F401 - the world fixture

MB = 1024 * 1024
HOSTILE_TEXT = [
    "",
    " \t\r\n ",
    "x" * MB,
    "\x00",
    "nul\x00byte",
    "<script>alert('h0stile')</script>",
    '"><img src=x onerror=alert(1)>',
    "[click me](javascript:alert('h0stile'))",
    '<a href="javascript:alert(1)">link</a>',
    "![img](javascript:alert(1))",
    "\u202eevil\u202c \u200b\ufeff \U0001d54f\U0001f600 e\u0301" * 3,
    "\uffff\ufffe",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "0x1F",
    "2026-02-30",
    "9999-99-99",
    "0000-00-00",
    "31/12/99999",
    "2026-13-01T25:61",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "%s%n%x{0}",
    "line\r\nSet-Cookie: injected=1",
    "https://evil.example/",
    "//evil.example/",
]
SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be sent
    max_size=300,
)
HOSTILE_VALUE = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    SAFE_TEXT,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(st.sampled_from(HOSTILE_TEXT[:12]), min_size=2, max_size=3),  # a list: wrong type
)
MAX_EXAMPLES = 4  # generated examples per form, on top of the explicit ones
EVERY = "*every field*"


def plausible(field) -> str | list[str] | None:
    """A value the form would probably accept, so the hostile field is the one judged."""
    if field.kind in ("checkbox", "radio"):
        return field.value or "on" if field.checked else None
    if field.kind == "select":
        options = [option for option in field.options if option]
        return field.value or (options[0] if options else "")
    if field.kind == "file":
        return None
    if field.value.strip():
        return field.value
    return {
        "number": "1",
        "date": "2031-01-15",
        "datetime-local": "2031-01-15T10:00",
        "time": "10:00",
        "email": "hostile@example.com",
        "url": "https://example.com/",
        "password": "not-the-password",
    }.get(field.kind, "Hostile input check")


def base_data(form: Form) -> dict:
    data = {}
    for field in form.fields:
        value = plausible(field)
        if value is None:
            continue
        if field.name in data:  # several checkboxes with one name
            existing = data[field.name]
            data[field.name] = [*(existing if isinstance(existing, list) else [existing]), value]
        else:
            data[field.name] = value
    return data


def row_counts() -> dict[str, int]:
    """Rows of every table, in one query (it runs before and after each submission)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def hostile_file(value) -> SimpleUploadedFile:
    text = value if isinstance(value, str) else "".join(value)
    return SimpleUploadedFile("../../evil<script>.pdf", text.encode("utf-8", "replace") or b"x")


def fuzz_form(client, world, form: Form) -> None:  # noqa: F811
    names = sorted({f.name for f in form.fields if f.name != "csrfmiddlewaretoken"})
    file_fields = {f.name for f in form.fields if f.kind == "file"}

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target=st.sampled_from([*names, EVERY]), value=HOSTILE_VALUE)
    @example(target=EVERY, value="<script>alert('h0stile')</script>")
    @example(target=EVERY, value='Title "><img src=x onerror=alert(1)>')
    @example(target=EVERY, value="See [this](javascript:alert('h0stile')) now")
    @example(target=EVERY, value="x" * MB)
    @example(target=EVERY, value="nul\x00byte")
    def submit(target, value):
        client_for(client, world, form.role)
        data = base_data(form)
        for name in names if target == EVERY else [target]:
            data[name] = hostile_file(value) if name in file_fields else value
        before = row_counts()
        response = client.post(form.action, data)
        summary.count("inputs")
        status = response.status_code
        # A download (an export) or a page marked as the answer of an accepted form (the
        # reporting channel's receipt, shown once instead of a redirect) is a success.
        if status == 200 and (
            response.streaming or "data-form-accepted" in response.content.decode(errors="replace")
        ):
            summary.count("inputs_accepted")
            return
        summary.count("inputs_accepted" if status in (302, 303) else "inputs_refused")
        where = f"{form.role} POST {form.action} [{target}={str(value)[:60]!r}]"
        if os.environ.get("HOSTILE_TRACE"):
            print(status, where)
        assert status < 500, f"{where}: {status}"
        assert status in (200, 302, 303, 400, 403, 404, 409, 429), f"{where}: {status}"
        if status == 200:
            after = row_counts()
            if form.action.split("?")[0] == reverse("accounts:login"):  # refusals audited (#27)
                after.pop("intrasphere_auditlog"), before.pop("intrasphere_auditlog")
            assert after == before, f"{where}: re-rendered form but rows changed"
            html = response.content.decode()
            assert not unescaped_markers(html), f"{where}: {unescaped_markers(html)}"
        elif status in (302, 303):
            location = response["Location"]
            if location.startswith("/"):
                page = client.get(location)
                assert page.status_code < 500, f"{where} → {location}: {page.status_code}"
                if page.streaming:
                    return
                found = unescaped_markers(page.content.decode(errors="replace"))
                assert not found, f"{where} → {location}: {found}"

    submit()


@pytest.fixture
def fuzz_settings(settings):
    settings.RATELIMIT_ENABLE = False  # the general POST limit would answer 429 to the fuzzer
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_hostile_input_on_every_form(client, world, fuzz_settings):  # noqa: F811
    forms = discover_forms(client, world)
    summary.count("forms", len(forms))
    assert len(forms) >= 20, [form.action for form in forms]
    for form in forms:
        fuzz_form(client, world, form)
    # Afterwards, no page of the matrix shows a stored payload unescaped (for every role).
    for role in ("anonymous", "employee", "admin"):
        client_for(client, world, role)
        for case in page_cases(role):
            url = case_url(case, world)
            response = client.get(url)
            summary.count("pages_checked")
            assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode(errors="replace")
            found = unescaped_markers(html)
            assert not found, f"{role} GET {url}: {found}"
            if "&lt;script&gt;alert(" in html:
                summary.count("payloads_seen_escaped")
    # The check above means something: stored payloads do show up, escaped.
    assert summary.FIGURES["payloads_seen_escaped"] > 0


HOSTILE_QUERIES = [
    "q=nul%00byte&page=-1",
    "q=%3Cscript%3Ealert(1)%3C/script%3E&page=99999999999999999999",
    "q=x&type=%00&sort=%00&status=%00&category=%00&department=%00&page=abc",
    "to=%00&q=%00&start=2026-02-30&end=9999-99-99&assignee=-1&overdue=%00",
]


def test_hostile_query_strings_on_every_page(client, world):  # noqa: F811
    """GET parameters (search, filters, pagination) never give a 5xx, and are escaped."""
    for role in ("anonymous", "employee", "admin"):
        client_for(client, world, role)
        for case in page_cases(role):
            base = case_url(case, world)
            for query in HOSTILE_QUERIES:
                url = f"{base}{'&' if '?' in base else '?'}{query}"
                response = client.get(url)
                summary.count("query_strings")
                assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
                if not response.streaming:
                    found = unescaped_markers(response.content.decode(errors="replace"))
                    assert not found, f"{role} GET {url}: {found}"
