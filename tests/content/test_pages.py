"""Content pages and general categories."""

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Category, Page
from intrasphere.models import AuditLog
from tests.content.factories import CategoryFactory, PageFactory
from tests.factories import UserFactory, grant


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(grant(UserFactory(username="writer"), "content.manage_content"))
    return client


def test_employees_see_published_pages_only(employee_client):
    PageFactory(title="Public", status="published")
    draft = PageFactory(title="Secret draft", status="draft")
    response = employee_client.get(reverse("content:page_list"))
    assert [p.title for p in response.context["page"].object_list] == ["Public"]
    assert employee_client.get(draft.get_absolute_url()).status_code == 404


def test_editor_creates_page_with_generated_slug(editor_client):
    category = CategoryFactory()
    response = editor_client.post(
        reverse("content:page_create"),
        {"title": "Our Values", "status": "published", "body": "# Values", "category": category.pk},
    )
    page = Page.objects.get()
    assert response.status_code == 302
    assert page.slug == "our-values"
    assert AuditLog.objects.filter(action="content.page.create").exists()


def test_duplicate_slug_is_refused(editor_client):
    PageFactory(slug="taken")
    response = editor_client.post(
        reverse("content:page_create"),
        {"title": "Other", "slug": "taken", "status": "draft", "body": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert Page.objects.count() == 1


def test_markdown_body_is_sanitized(employee_client):
    page = PageFactory(body="<script>alert(1)</script>\n\n[x](javascript:alert(2)) **bold**")
    html = employee_client.get(page.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html


def test_editor_edits_and_deletes(editor_client):
    page = PageFactory()
    editor_client.post(
        reverse("content:page_edit", args=[page.slug]),
        {"title": "New title", "slug": page.slug, "status": "draft", "body": "b"},
    )
    page.refresh_from_db()
    assert page.title == "New title"
    editor_client.post(reverse("content:page_delete", args=[page.slug]))
    assert not Page.objects.exists()


def test_employee_cannot_manage_pages_or_categories(employee_client):
    assert employee_client.get(reverse("content:page_create")).status_code == 403
    assert (
        employee_client.post(reverse("content:category_create"), {"name": "X"}).status_code == 403
    )
    assert not Category.objects.exists()


def test_category_crud(editor_client):
    editor_client.post(reverse("content:category_create"), {"name": "Health & Safety"})
    category = Category.objects.get()
    assert category.slug == "health-safety"
    editor_client.post(
        reverse("content:category_edit", args=[category.pk]),
        {"name": "Safety", "slug": "safety", "description": "<b>x</b>"},
    )
    category.refresh_from_db()
    assert category.name == "Safety"
    html = editor_client.get(reverse("content:category_list")).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    editor_client.post(reverse("content:category_delete", args=[category.pk]))
    assert not Category.objects.exists()


def test_duplicate_category_is_refused(editor_client):
    CategoryFactory(name="HR", slug="hr")
    response = editor_client.post(reverse("content:category_create"), {"name": "HR"})
    assert response.status_code == 200
    assert Category.objects.count() == 1


def test_deleting_a_category_keeps_its_pages(editor_client):
    category = CategoryFactory()
    page = PageFactory(category=category)
    editor_client.post(reverse("content:category_delete", args=[category.pk]))
    page.refresh_from_db()
    assert page.category is None


def test_page_list_query_count(employee_client, django_assert_max_num_queries):
    category = CategoryFactory()
    for _index in range(30):
        PageFactory(category=category)
    with django_assert_max_num_queries(12):
        assert employee_client.get(reverse("content:page_list")).status_code == 200


def test_category_list_query_count(editor_client, django_assert_max_num_queries):
    for _index in range(30):
        CategoryFactory()
    with django_assert_max_num_queries(12):
        assert editor_client.get(reverse("content:category_list")).status_code == 200
