"""Production settings: `check --deploy` is clean, and no SECRET_KEY means no start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "intrasphere.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "intranet.example.com",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "DATABASE_URL": "postgres://intrasphere@db.internal:5432/intrasphere",  # never reached
        **overrides,
    }
    return {key: value for key, value in env.items() if value is not None}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warnings_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    # Only guardian's backend check is silenced (it knows its own dotted path only, and we use a
    # subclass); the rate-limit cache checks stay live in production.
    assert "no issues (1 silenced)" in result.stdout


def test_refuses_to_start_without_database_url_when_debug_is_off():
    result = run_manage("check", env=production_env(DATABASE_URL=None))
    assert result.returncode != 0
    assert "DATABASE_URL must be set when DEBUG is off" in result.stderr


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", env=production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
