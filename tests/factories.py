"""Factories shared by every app's tests; app-specific ones live in tests/<app>/factories.py."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import EmployeeCategory, Message, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class EmployeeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployeeCategory
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Category {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    department = "Operations"
    position = "Analyst"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Subject {n}")
    body = "Hello!"


def grant(user: User, perm: str) -> User:
    """Give `user` the global permission "app_label.codename" and return a fresh instance."""
    app_label, codename = perm.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=user.pk)


def lapsed_grant(*, actor: User, user: User, codename: str, scope=None):
    """A delegation that expired yesterday and nobody revoked: its guardian row (scoped) stays."""
    from accounts import services

    given = timezone.now() - timedelta(days=2)
    return services.permission_grant(
        actor=actor,
        user=user,
        codename=codename,
        scope=scope,
        expires_at=given + timedelta(days=1),
        now=given,
    )
