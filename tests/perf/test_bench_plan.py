"""The bench plan on a tiny seed_bulk database: every training target exists and answers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from bench.plan import build_plan
from training.models import Participant

pytestmark = pytest.mark.django_db


def test_training_targets_open_for_the_bench_employees():
    call_command("seed_bulk", scale=0.01, no_progress=True, stdout=StringIO())
    plan = build_plan()
    targets = {target["name"]: target for target in plan["targets"]}
    names = ["training catalog", "training detail", "lesson page", "quiz page"]
    for name in [*names, "write: training registration"]:
        assert targets[name]["paths"], name
    client = Client()
    employee = User.objects.get(username=plan["users"]["employee"][0])
    client.force_login(employee)
    for name in names:
        for path in targets[name]["paths"][:3]:
            assert client.get(path).status_code == 200, (name, path)
    register = targets["write: training registration"]
    assert register["method"] == "POST" and not register["saturate"]
    before = Participant.objects.filter(user=employee).count()
    response = client.post(register["paths"][0])
    assert response.status_code == 302
    assert Participant.objects.filter(user=employee).count() in (before, before + 1)
