"""`make screenshots`: every main page, signed in as each demo role, at desktop and phone widths.

Starts the portal on a throw-away SQLite database loaded with `seed_demo`, signs in through the
real form as each demo account, discovers the main pages from the header (main navigation,
header icons, user menu), and saves full-page PNGs under docs/screenshots/:
`<role>-<page>-<desktop|mobile>.png`, plus the sign-in page, and `…-dark.png` in the dark theme
for the pages of `DARK_PAGES` (dashboard, forum, helpdesk, training).
New domains appear automatically once they add their link to templates/includes/nav.html.

    python -m tests.e2e.screenshots [--out docs/screenshots] [--port 0]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.chromium import launch_options

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "mobile": {"width": 390, "height": 844}}
# Links in the header that lead to the main pages; the Django admin is not the portal's design.
PAGE_LINKS = ".main-nav a[href], .header-tools a[href], .user-menu .menu a[href]"
SKIP_PREFIXES = ("/admin/",)
SEARCH_QUERY = "martin"
# Pages also shot in the dark theme, at both widths (the README shows them).
DARK_PAGES = ("home", "forum", "helpdesk", "training")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def demo_server(port: int) -> Iterator[str]:
    """The portal with the demo data on a temporary SQLite database, served by runserver."""
    with tempfile.TemporaryDirectory(prefix="intrasphere-screens-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True)  # noqa: S603
        address = f"127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", address, "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://{address}"
        try:
            wait_until_up(f"{url}/accounts/login/", server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass  # not listening yet
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")


def demo_accounts() -> list[tuple[str, str, str]]:
    """(role, username, password) for each demo account, from accounts/demo.py."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intrasphere.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from accounts.demo import DEMO_USERS

    return [(str(spec["role"]), spec["username"], spec["password"]) for spec in DEMO_USERS]


class Shooter:
    def __init__(self, browser: Browser, base_url: str, out: Path) -> None:
        self.browser, self.base_url, self.out = browser, base_url, out
        self.problems: list[str] = []
        self.saved: list[Path] = []

    def new_page(self, size: str, storage_state=None, color_scheme: str = "light") -> Page:
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=WIDTHS[size],
            locale="en-US",
            color_scheme=color_scheme,
            storage_state=storage_state,
        )
        page = context.new_page()
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.problems.append(f"{page.url}: {msg.text}"),
        )
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        return page

    def shoot(self, page: Page, path: str, name: str) -> None:
        response = page.goto(path)
        if response is None or response.status >= 400:
            status = response.status if response else "no answer"
            self.problems.append(f"{path} answered {status}")
        file = self.out / f"{name}.png"
        page.screenshot(path=file, full_page=True, animations="disabled")
        # A UI screenshot has few colours: a palette keeps the PNG small for the repository.
        with Image.open(file) as image:
            small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
        small.save(file, optimize=True)
        self.saved.append(file)
        print(f"  {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}")

    def sign_in(self, username: str, password: str):
        page = self.new_page("desktop")
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{self.base_url}/")
        state = page.context.storage_state()
        page.context.close()
        return state

    @staticmethod
    def main_pages(page: Page) -> list[tuple[str, str]]:
        """(slug, path) of every page linked from the header, in order, without duplicates."""
        page.goto("/")
        found: dict[str, str] = {}
        for link in page.locator(PAGE_LINKS).all():
            path = link.get_attribute("href") or ""
            if not path.startswith("/") or path.startswith(SKIP_PREFIXES) or path in found:
                continue
            # The title first: header icons' text holds unread counts ("Notifications, 3 unread").
            label = link.get_attribute("title") or link.text_content().strip() or path
            found[path] = slugify(label)
        found[f"/search/?q={SEARCH_QUERY}"] = "search-results"
        return [(slug, path) for path, slug in found.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    accounts = demo_accounts()
    launch = launch_options()
    with demo_server(args.port or free_port()) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch)
        shooter = Shooter(browser, base_url, args.out)
        print("Anonymous")
        for size in WIDTHS:
            page = shooter.new_page(size)
            shooter.shoot(page, "/accounts/login/", f"login-{size}")
            page.context.close()
        for role, username, password in accounts:
            print(f"{role} ({username})")
            state = shooter.sign_in(username, password)
            for size in WIDTHS:
                page = shooter.new_page(size, state)
                pages = shooter.main_pages(page)
                for slug, path in pages:
                    shooter.shoot(page, path, f"{role}-{slug}-{size}")
                page.context.close()
                page = shooter.new_page(size, state, color_scheme="dark")
                for slug, path in pages:
                    if slug in DARK_PAGES:
                        shooter.shoot(page, path, f"{role}-{slug}-{size}-dark")
                page.context.close()
        browser.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    if shooter.problems:
        print("Problems seen in the browser:", *shooter.problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
