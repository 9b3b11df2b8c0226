"""A many-to-many relation to people under the personal-data rules: exported as the list of what
the person belongs to, left on anonymisation, counted on the anonymise page (#27, #28).

No installed app has one yet; `Club` stands for the first that will (its table is made for this
module and dropped after)."""

import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from accounts.models import User
from intrasphere.models import Notification
from intrasphere.privacy import DELETE, declare
from tests.factories import UserFactory
from tests.privacy_declarations import declarations  # noqa: F401 (fixture)

MEMBERS = "intrasphere.Club.members"


@pytest.fixture(scope="module")
def club_model(django_db_setup, django_db_blocker):
    class Club(models.Model):
        name = models.CharField(max_length=50)
        members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="test_clubs")

        class Meta:
            app_label = "intrasphere"

        def __str__(self):
            return self.name

    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Club)
    yield Club
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(Club)
    del apps.all_models["intrasphere"]["club"]
    del apps.all_models["intrasphere"]["club_members"]
    delattr(User, "test_clubs")
    apps.clear_cache()


@pytest.fixture
def world(club_model, declarations, db, admin_user):  # noqa: F811
    """Clubs (members deleted on anonymisation, exported) and notifications, nothing else."""
    declarations.rules.clear()
    declarations.exporters.clear()
    declare("intrasphere.Club", "members", export=True, on_anonymise=DELETE, reason="M")
    declare("intrasphere.Notification", "recipient", export=True, on_anonymise=DELETE, reason="N")
    person = UserFactory(username="ab.cd", first_name="", last_name="", email="", employee_id=None)
    other = UserFactory(username="other")
    alpha, beta, gamma = (club_model.objects.create(name=n) for n in ("Alpha", "Beta", "Gamma"))
    beta.members.add(person, other)  # joined Beta first
    alpha.members.add(person)
    gamma.members.add(other)
    Notification.objects.create(recipient=person, kind="k", message="m")
    return {"person": person, "other": other, "clubs": (alpha, beta, gamma)}


def test_the_export_lists_the_person_s_clubs(world, client):
    import json
    import zipfile

    alpha, beta, _gamma = world["clubs"]
    client.force_login(world["person"])
    response = client.post(reverse("accounts:my_data"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert list(data) == [MEMBERS, "intrasphere.Notification.recipient"]
    assert data[MEMBERS] == [{"id": alpha.pk, "name": "Alpha"}, {"id": beta.pk, "name": "Beta"}]


def test_anonymisation_leaves_the_clubs_and_counts_it(world):
    person, other = world["person"], world["other"]
    alpha, beta, gamma = world["clubs"]
    out = io.StringIO()
    call_command("anonymise_person", "ab.cd", "--reason", "left", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert lines[:2] == [f"  {MEMBERS}: 2", "  intrasphere.Notification.recipient: 1"]
    assert list(person.test_clubs.all()) == []
    assert sorted(c.name for c in other.test_clubs.all()) == ["Beta", "Gamma"]
    assert {c.pk for c in type(alpha).objects.all()} == {alpha.pk, beta.pk, gamma.pk}


def test_the_anonymise_page_counts_the_clubs(world, admin_client):
    url = reverse("manage:user_anonymise", args=[world["person"].pk])
    page = admin_client.get(url).content.decode()
    rows = re.findall(r"<tr><td><code>([^<]+)</code></td><td>(\d+)</td><td>(\w+)</td>", page)
    assert rows == [(MEMBERS, "2", "delete"), ("intrasphere.Notification.recipient", "1", "delete")]
