"""Every content model is in the admin, and its list pages open."""

import pytest
from django.contrib import admin
from django.urls import reverse

from content import models
from tests.content.factories import AnnouncementFactory, EventFactory, PageFactory, make_document

MODELS = [
    models.Category,
    models.Announcement,
    models.AnnouncementAcknowledgement,
    models.CalendarFeedToken,
    models.Document,
    models.DocumentVersion,
    models.DocumentAcknowledgement,
    models.Event,
    models.EventRSVP,
    models.Page,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_search(admin_client, model):
    AnnouncementFactory()
    EventFactory()
    PageFactory()
    make_document()
    assert admin.site.is_registered(model)
    url = reverse(f"admin:content_{model._meta.model_name}_changelist")
    assert admin_client.get(url, {"q": "a"}).status_code == 200
