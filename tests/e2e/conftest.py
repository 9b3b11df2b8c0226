"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Fixtures a journey uses (see tests/e2e/README.md):
- `open_page(user=None, **context_args) -> Page`: a fresh browser context
  (its own cookies) already signed in as `user` (or anonymous), watched for problems. Call it
  once per person in a journey with several people.
- `employee_page`, `moderator_page`, `admin_page`: the same for conftest's `employee`,
  `moderator` and `admin_user`.
- `assert_accessible(page)`: axe-core on the current page, failing on serious or critical
  violations. Every page a test visits must be checked (the test fails otherwise).
- `page_problems`: the collector of JavaScript console errors, page errors and CSP violations;
  `page_problems.allow(regex)` accepts an expected console message (an answer with status 429…);
  `page_problems.skip_audit(path, reason)` exempts a page that cannot run axe (no JavaScript).
- `sign_in_with_form(page, username, password)`: the real sign-in form.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client, override_settings
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.chromium import ChromiumUnavailable, launch_options

# Playwright's sync API runs an event loop in this thread; the ORM refuses to run beside it
# unless told this is safe (it is: the test thread and the live server never share a connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Every page reports CSP violations on the console, where the collector listens. Init scripts
# are injected by the browser, so the page's CSP (no inline scripts) does not apply to them.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || document.URL}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "inline code"} (${where})`);
});
"""
BLOCKING_IMPACTS = {"serious", "critical"}
_AXE = Axe()


class PageProblems:
    """What went wrong in the browser during one test, and which pages were checked by axe."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[re.Pattern[str]] = []
        self.visited: dict[str, str] = {}  # path -> last URL seen
        self.audited: set[str] = set()

    def allow(self, pattern: str) -> None:
        """Accept console errors matching `pattern` (a regular expression) in this test."""
        self.allowed.append(re.compile(pattern))

    def clear(self) -> None:
        self.problems.clear()

    def skip_audit(self, path: str, reason: str) -> None:
        """Exempt `path` from the accessibility check in this test, saying why."""
        assert reason, "say why the page cannot be checked"
        self.audited.add(path)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._add(f"page error: {error}"))
        page.on("framenavigated", lambda frame: self._on_navigated(page, frame))

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self._add(f"console error: {message.text} ({location})")

    def _on_navigated(self, page: Page, frame) -> None:
        if frame == page.main_frame and frame.url.startswith("http"):
            self.visited[urlsplit(frame.url).path] = frame.url

    def _add(self, problem: str) -> None:
        if not any(pattern.search(problem) for pattern in self.allowed):
            self.problems.append(problem)

    def report(self) -> str | None:
        lines = [*self.problems]
        unchecked = sorted(set(self.visited) - self.audited)
        if unchecked:
            lines.append(
                "pages visited without an accessibility check (call assert_accessible(page)): "
                + ", ".join(unchecked)
            )
        return "\n".join(lines) or None


# --- Live server ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def live_server(live_server_media_url, live_server):
    return live_server


@pytest.fixture(scope="session")
def live_server_media_url():
    """Django's live server wraps every request in a media handler that cannot take the portal's
    MEDIA_URL = None (media is only ever served through views); give it a path nobody links to."""
    with override_settings(MEDIA_URL="/__live-server-media__/"):
        yield


# --- Browser -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    try:
        return {**browser_type_launch_args, **launch_options()}
    except ChromiumUnavailable as exc:
        message = f"Browser tests need Chromium: {exc}"
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def browser(launch_browser) -> Iterator[Browser]:
    try:
        browser = launch_browser()
    except PlaywrightError as exc:
        message = f"Chromium is installed but could not start:\n{exc}"
    else:
        yield browser
        browser.close()
        return
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages open relative to the live server: `page.goto("/people/")`."""
    return live_server.url


ACTION_TIMEOUT_MS = 10_000  # a local server answers in milliseconds; fail fast, not after 30 s
CONTEXT_DEFAULTS = {"locale": "en-US", "viewport": {"width": 1280, "height": 900}}


# --- Problems collector --------------------------------------------------------------------------
@pytest.fixture
def page_problems(request) -> PageProblems:
    problems = PageProblems()
    request.node._page_problems = problems
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when the browser reported a problem."""
    result = yield
    problems: PageProblems | None = getattr(item, "_page_problems", None)
    if problems is not None and (report := problems.report()):
        pytest.fail(f"Problems in the browser:\n{report}", pytrace=False)
    return result


@pytest.fixture
def context(new_context, page_problems) -> BrowserContext:
    """pytest-playwright's `context` and `page`, watched like every other page here."""
    context = new_context(**CONTEXT_DEFAULTS)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    context.on("page", page_problems.watch)
    return context


# --- Pages signed in as someone --------------------------------------------------------------
def session_cookie(user, base_url: str) -> dict:
    """A session cookie for `user`, as if they had signed in (a force-logged-in test client)."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}


@pytest.fixture
def open_page(new_context, page_problems, live_server, transactional_db) -> Callable[..., Page]:
    def _open_page(user=None, **context_args) -> Page:
        context = new_context(**{**CONTEXT_DEFAULTS, **context_args})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.add_init_script(_REPORT_CSP_VIOLATIONS)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        page.javascript_enabled = context_args.get("java_script_enabled", True)
        page_problems.watch(page)
        return page

    return _open_page


@pytest.fixture
def employee_page(open_page, employee) -> Page:
    return open_page(employee)


@pytest.fixture
def moderator_page(open_page, moderator) -> Page:
    return open_page(moderator)


@pytest.fixture
def admin_page(open_page, admin_user) -> Page:
    return open_page(admin_user)


@pytest.fixture
def sign_in_with_form() -> Callable[[Page, str, str], None]:
    def _sign_in(page: Page, username: str, password: str) -> None:
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()

    return _sign_in


# --- Accessibility -------------------------------------------------------------------------------
def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    response = _AXE.run(page).response
    return [v for v in response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['html'][:160]}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(page_problems) -> Callable[[Page], None]:
    def _assert_accessible(page: Page) -> None:
        if not getattr(page, "javascript_enabled", True):
            pytest.fail("axe-core runs in the page: it needs JavaScript (see skip_audit)")
        page.wait_for_load_state()
        violations = axe_violations(page)
        page_problems.audited.add(urlsplit(page.url).path)
        assert not violations, (
            f"Accessibility problems on {page.url}:\n{describe_violations(violations)}"
        )

    return _assert_accessible
