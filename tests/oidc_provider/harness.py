"""Start the test provider in its own process and walk a browser's way through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "intrasphere-portal"
CLIENT_SECRET = "portal-secret-for-tests-only"  # noqa: S105


def _write_key(folder: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (folder / "key.pem").write_bytes(pem)


class Provider:
    """A running provider: `url`, `discovery_url`, `people(...)`, `sign_in(...)`, `stop()`."""

    def __init__(self, folder: Path, redirect_uris: list[str], logout_uris: list[str] = ()):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        _write_key(folder)
        self.people({})
        env = {
            **os.environ,
            "OP_DIR": str(folder),
            "OP_CLIENT_ID": CLIENT_ID,
            "OP_CLIENT_SECRET": CLIENT_SECRET,
            "OP_REDIRECT_URIS": " ".join(redirect_uris),
            "OP_LOGOUT_URIS": " ".join(logout_uris),
        }
        env.pop("DATABASE_URL", None)
        self.process = subprocess.Popen(  # noqa: S603 - our own module
            [sys.executable, "-m", "tests.oidc_provider"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=open(folder / "stderr.log", "w"),  # noqa: SIM115 - lives with the process
            text=True,
        )
        line = self._ready_line(timeout=90)
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        self.discovery_url = f"{self.url}/o/.well-known/openid-configuration"

    def _ready_line(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        line = self.process.stdout.readline()
        if not line.startswith("READY") or time.monotonic() > deadline:
            self.stop()
            errors = (self.folder / "stderr.log").read_text()
            raise RuntimeError(f"the test OpenID Connect provider did not start:\n{errors}")
        return line

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def people(self, people: dict[str, dict]) -> None:
        """{username: {"password": …, "claims": {…}}}: who can sign in, and what is said."""
        (self.folder / "people.json").write_text(json.dumps(people))

    def sign_in(self, authorize_url: str, username: str, password: str) -> str:
        """Do what a browser does at the provider; return the URL it sends back to the portal."""
        browser = requests.Session()
        url = authorize_url
        for _hop in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
                response = self._post_login(browser, response, username, password)
            if response.status_code not in (301, 302, 303):
                raise AssertionError(f"provider answered {response.status_code}: {response.text}")
            url = urljoin(response.url, response.headers["Location"])
            if urlsplit(url).netloc != urlsplit(self.url).netloc:
                return url
        raise AssertionError("too many redirects at the provider")

    @staticmethod
    def _post_login(browser, page, username: str, password: str):
        token = browser.cookies.get("op_csrftoken")
        query = urlsplit(page.url).query
        next_url = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("next", "")
        data = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": requests.utils.unquote(next_url),
        }
        return browser.post(page.url, data=data, allow_redirects=False, timeout=10)
