"""Fixtures for the /manage/ tests: a scope model that exists on every branch."""

import pytest

from accounts import permissions
from accounts.permissions import DelegableRight

SCOPED = "accounts.manage_employee_categories"


@pytest.fixture
def scoped_categories(monkeypatch):
    """Make `accounts.manage_employee_categories` limitable to one EmployeeCategory.

    The registry scopes forum and training rights, whose models live in other apps; this
    stand-in exercises the same generic mechanism (guardian + grant expiry) with a model that
    always exists.
    """
    rights = [
        DelegableRight(right.perm, right.label, "accounts.EmployeeCategory")
        if right.perm == SCOPED
        else right
        for right in permissions.DELEGABLE_RIGHTS
    ]
    monkeypatch.setattr(permissions, "DELEGABLE_RIGHTS", rights)
    return SCOPED
