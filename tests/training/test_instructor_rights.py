"""Instructor rights on trainings (guardian's generic tables), own or through a group, read
once per request; an expired delegation manages nothing."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from accounts.models import User
from accounts.selectors import object_rights
from tests.factories import lapsed_grant
from tests.training.factories import TrainingFactory
from training import permissions, selectors
from training.models import Training

pytestmark = pytest.mark.django_db

MANAGE = "training.manage_trainings"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_own_and_group_instructor_rights(employee, django_assert_num_queries):
    own, through_group, other = TrainingFactory(), TrainingFactory(), TrainingFactory()
    assign_perm(MANAGE, employee, own)
    group = Group.objects.create(name="Trainers")
    group.user_set.add(employee)
    assign_perm(MANAGE, group, through_group)
    user = fresh(employee)
    user.get_all_permissions()
    with django_assert_num_queries(2):  # the rights, and the delegations behind them
        assert object_rights(user, Training) == {
            own.pk: frozenset({MANAGE}),
            through_group.pk: frozenset({MANAGE}),
        }
        assert permissions.can_manage(user, own)
        assert permissions.can_manage(user, through_group)
        assert not permissions.can_manage(user, other)
    assert set(selectors.managed_trainings(user=user)) == {own, through_group}


def test_expired_training_delegation_manages_nothing(admin_user, employee):
    training = TrainingFactory()
    lapsed_grant(actor=admin_user, user=employee, codename=MANAGE, scope=training)
    user = fresh(employee)
    assert not permissions.can_manage(user, training)
    assert not selectors.managed_trainings(user=user).exists()
