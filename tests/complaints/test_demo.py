"""seed_demo adds complaints in several states, once."""

import pytest
from django.core.management import call_command

from complaints.models import Complaint


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Complaint.objects.count() == 4
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        "in_progress",
        "waiting",
        "resolved",
        "new",
    }
    assert Complaint.objects.filter(confidential=True).count() == 1
