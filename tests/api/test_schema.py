"""The OpenAPI contract: generated from the code, equal to the committed copy.

A change of contract is then a visible diff of docs/api/openapi.yaml: regenerate it with
`make api-schema` and review it with the change.
"""

from pathlib import Path

from django.core.management import call_command
from django.utils import translation

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one(db, tmp_path):
    generated = tmp_path / "openapi.yaml"
    with translation.override("en"):
        call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API's contract changed: run `make api-schema` and commit docs/api/openapi.yaml"
    )


def test_the_schema_is_served_to_signed_in_callers(employee_client):
    response = employee_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/auth/me" in response.content.decode()
