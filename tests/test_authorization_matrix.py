"""Every URL pattern × every role: the answer must be the one the matrix states."""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory, grant
from tests.matrix import LOGIN, ROLES, World

MATRIX_MODULES = [
    importlib.import_module(f"tests.{path.parent.name}.matrix")
    for path in sorted(Path(__file__).parent.glob("*/matrix.py"))
]
CASES = [case for module in MATRIX_MODULES for case in module.CASES]
BUILDERS = {
    name: builder
    for module in MATRIX_MODULES
    for name, builder in getattr(module, "OBJECTS", {}).items()
}
# Object names are shared by every module: two apps must not use the same one.
assert len(BUILDERS) == sum(len(getattr(m, "OBJECTS", {})) for m in MATRIX_MODULES), (
    "two matrix modules define an OBJECTS entry with the same name"
)
# Namespaces that are not the portal's own pages (the API has its own matrix: tests/api/).
EXEMPT_NAMESPACES = {"admin", "api"}
EXEMPT_NAMES = {"set_language"}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    names = {
        name
        for name in _url_names(get_resolver())
        if name.split(":")[0] not in EXEMPT_NAMESPACES and name not in EXEMPT_NAMES
    }
    covered = {case.url_name for case in CASES}
    missing = sorted(names - covered)
    assert not missing, f"URLs without an authorization-matrix case: {missing}"


@pytest.fixture
def world(db):
    world = World(builders=BUILDERS)
    world.users = {
        "employee": UserFactory(username="m-employee"),
        "moderator": UserFactory(username="m-moderator", role="moderator"),
        "delegate": UserFactory(username="m-delegate"),
        "admin": UserFactory(username="m-admin", role="admin", is_superuser=True, is_staff=True),
    }
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_matrix(case, role, client, world):
    if role != "anonymous":
        user = world.user(role)
        if role == "delegate" and case.delegate_perm:
            user = grant(user, case.delegate_perm)
        client.force_login(user)
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method.lower())(url, data)
    expected = case.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role}: {response.status_code}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        allowed = expected if isinstance(expected, tuple) else (expected,)
        assert response.status_code in allowed, (
            f"{case.id} as {role}: got {response.status_code}, expected {expected}"
        )
