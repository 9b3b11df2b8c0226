"""Operations settings from the environment: bad values stop the process with a clear message."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import intrasphere.settings as settings_module


@pytest.fixture
def reload_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "reload-test-key")
    yield lambda: importlib.reload(settings_module)
    monkeypatch.undo()
    importlib.reload(settings_module)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("METRICS_ALLOWED_IPS", "10.0.0.0/8,not-an-address", "METRICS_ALLOWED_IPS"),
        ("MAIL_PRIORITY", "urgent", "MAIL_PRIORITY"),
    ],
)
def test_bad_values_are_refused(reload_settings, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        reload_settings()


def test_production_defaults(reload_settings, monkeypatch):
    for name in ("DEBUG", "LOG_FORMAT", "METRICS_TOKEN", "METRICS_ALLOWED_IPS", "MAIL_PRIORITY"):
        monkeypatch.delenv(name, raising=False)
    module = reload_settings()
    assert module.LOG_FORMAT == "json"
    assert module.EMAIL_BACKEND == "post_office.EmailBackend"
    assert module.POST_OFFICE["DEFAULT_PRIORITY"] == "medium"
    assert module.POST_OFFICE["MAX_RETRIES"] > 0
    assert module.METRICS_TOKEN == "" and module.METRICS_ALLOWED_IPS == []
    assert module.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
