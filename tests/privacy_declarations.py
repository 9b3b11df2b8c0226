"""A fixture for tests that declare personal data as an app would (`intrasphere.privacy`): the
registry the apps declared is restored after the test, whatever the test added or replaced."""

import pytest

from intrasphere import privacy


@pytest.fixture
def declarations():
    """The personal-data registry; a test's own `declare`, `declare_text`, `@exporter` and
    `@anonymiser` last for that test only."""
    registry = privacy.discover()
    saved = (
        dict(registry.rules),
        list(registry.text_copies),
        list(registry.anonymisers),
        list(registry.exporters),
    )
    yield registry
    registry.rules.clear()
    registry.rules.update(saved[0])
    registry.text_copies[:] = saved[1]
    registry.anonymisers[:] = saved[2]
    registry.exporters[:] = saved[3]
