"""The training pages speak French."""

from django.urls import reverse
from django.utils import translation

from tests.training.factories import TrainingFactory


def test_catalog_in_french(employee_client):
    TrainingFactory(title="Sécurité")
    with translation.override("fr"):
        response = employee_client.get(
            reverse("training:training_list"), headers={"accept-language": "fr"}
        )
    body = response.content.decode()
    assert "Formations" in body and "places prises" in body
