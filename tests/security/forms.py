"""Find the portal's forms: walk the authorization matrix's pages and parse their POST forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from tests.factories import grant
from tests.matrix import World
from tests.test_authorization_matrix import CASES

# Raw markers a stored payload would leave in a page if it were not escaped or sanitised.
UNESCAPED_MARKERS = (
    "<script>alert(",
    "<img src=x onerror=",
    'href="javascript:',
    "href='javascript:",
)
SKIPPED_ACTIONS = ("/i18n/setlang/", "/accounts/logout/")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, number, date, file, …
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False


@dataclass
class Form:
    role: str
    page: str
    action: str
    fields: list[Field]

    @property
    def key(self) -> tuple:
        return (self.role, self.action, tuple(sorted({f.name for f in self.fields})))

    @property
    def has_file(self) -> bool:
        return any(f.kind == "file" for f in self.fields)


class FormParser(HTMLParser):
    """Every <form method="post"> of a page, with its inputs, textareas and selects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[Field]]] = []
        self._form: list[Field] | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value or "") for key, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = []
                self.forms.append((attrs.get("action", ""), self._form))
            return
        if self._form is None or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            self._form.append(
                Field(attrs["name"], kind, attrs.get("value", ""), checked="checked" in attrs)
            )
        elif tag == "textarea":
            self._textarea = Field(attrs["name"], "textarea")
            self._form.append(self._textarea)
        elif tag == "select":
            self._select = Field(attrs["name"], "select", multiple="multiple" in attrs)
            self._form.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select.options.append(value)
            if "selected" in attrs and not self._select.value:
                self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse_forms(html: str, page: str, role: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    forms = []
    for action, fields in parser.forms:
        target = urlsplit(urljoin(page, action or page))
        path = target.path + (f"?{target.query}" if target.query else "")
        forms.append(Form(role=role, page=page, action=path, fields=fields))
    return forms


def client_for(client, world: World, role: str, case=None):
    client.logout()
    if role != "anonymous":
        user = world.user(role)
        if role == "delegate" and case is not None and case.delegate_perm:
            user = grant(user, case.delegate_perm)
        client.force_login(user)
    return client


def page_cases(role: str):
    """The GET cases of the matrix that answer 200 to `role`."""
    return [case for case in CASES if case.method == "GET" and case.expect.get(role) == 200]


def case_url(case, world: World) -> str:
    kwargs = case.kwargs(world) if case.kwargs else {}
    return reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")


def discover_forms(client, world: World, roles=("anonymous", "employee", "admin")) -> list[Form]:
    """Every distinct POST form with fields, per role, found on the matrix's pages."""
    found: dict[tuple, Form] = {}
    for role in roles:
        client_for(client, world, role)
        for case in page_cases(role):
            url = case_url(case, world)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse_forms(response.content.decode(), url, role):
                if form.action.startswith(SKIPPED_ACTIONS):
                    continue
                if not [f for f in form.fields if f.name != "csrfmiddlewaretoken"]:
                    continue  # a button: nothing to type into
                found.setdefault(form.key, form)
    return list(found.values())


def unescaped_markers(html: str) -> list[str]:
    lowered = html.lower()
    return [marker for marker in UNESCAPED_MARKERS if marker.lower() in lowered]
