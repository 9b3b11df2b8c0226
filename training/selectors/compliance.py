"""Compliance with mandatory trainings: one rule for the matrix, its CSV and drill-down, the
dashboard's figures, a person's obligations and a manager's team.

Who has the obligation: every active person in the training's audience (`accounts.audience`),
and anyone a manager seated in it. Their state, first match wins:

- **compliant**: a valid (unexpired) certificate, or a completion for which no certificate was
  issued;
- **expired**: a certificate that has expired;
- **overdue**: the person's deadline has passed;
- **in progress**: registered and started (progress above 0);
- **not started**: everything else (never enrolled, waitlisted, registered at 0 %).

The deadline: the participation's own due date when a manager set one, else the training's
date, else ``deadline_days`` after the latest of the day the person joined, the day they
entered the training's audience (their department's or employee category's ``*_since`` date,
`accounts.models.placement_follow`) and the day the training became mandatory; none otherwise.
A person who moves into the audience gets a fresh deadline; one who stays keeps theirs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Value, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audience import (
    audience_entered_on,
    audience_entered_since_q,
    audience_includes,
    audience_people_q,
)
from intrasphere import caching
from training.models import Certificate, Participant, Training

if TYPE_CHECKING:
    from accounts.models import User

Status = Participant.Status

COMPLIANT = "compliant"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
OVERDUE = "overdue"
EXPIRED = "expired"
STATES = (COMPLIANT, IN_PROGRESS, NOT_STARTED, OVERDUE, EXPIRED)
STATE_LABELS = {
    COMPLIANT: _("Compliant"),
    IN_PROGRESS: _("In progress"),
    NOT_STARTED: _("Not started"),
    OVERDUE: _("Overdue"),
    EXPIRED: _("Expired"),
}
PERSON_FIELDS = (
    "pk",
    "department",
    "employee_category_id",
    "date_joined",
    "department_since",
    "category_since",
)


@dataclass
class ComplianceCell:
    compliant: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    expired: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, state) for state in STATES)

    def figures(self) -> list[tuple[str, int]]:
        return [(state, getattr(self, state)) for state in STATES]


@dataclass
class Obligation:
    training: Training
    state: str
    deadline: datetime.date | None
    participant_id: int | None = None
    certificate_expires: datetime.datetime | None = None

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def is_done(self) -> bool:
        return self.state == COMPLIANT

    @property
    def is_late(self) -> bool:
        return self.state in (OVERDUE, EXPIRED)


@dataclass
class _Facts:
    """What the rule reads about a set of people and mandatory trainings (three queries)."""

    trainings: list[Training]
    participations: dict[tuple[int, int], dict] = field(default_factory=dict)
    certificates: dict[tuple[int, int], datetime.datetime | None] = field(default_factory=dict)


def mandatory_trainings(only: Training | None = None) -> list[Training]:
    """Active mandatory trainings with their audience's category ids, by title: the same for
    everybody, shared until a training changes (every dashboard reads them). With `only`,
    that training alone (already read), if it is one."""
    if only is None:
        return caching.shared_value("mandatory_trainings", vary=(), compute=_mandatory_trainings)
    trainings = [only] if only.is_mandatory and only.is_active else []
    prefetch_related_objects(trainings, "audience_categories")
    return _with_category_ids(trainings)


def _mandatory_trainings() -> list[Training]:
    trainings = list(
        Training.objects.filter(is_mandatory=True, is_active=True)
        .prefetch_related("audience_categories")
        .order_by("title", "pk")
    )
    return _with_category_ids(trainings)


def _with_category_ids(trainings: list[Training]) -> list[Training]:
    for training in trainings:
        training.audience_category_ids = frozenset(c.pk for c in training.audience_categories.all())
    return trainings


def _facts(trainings: list[Training], user_ids: Iterable[int] | None = None) -> _Facts:
    facts = _Facts(trainings=trainings)
    training_ids = [t.pk for t in trainings]
    if not training_ids:
        return facts
    participations = Participant.objects.filter(training_id__in=training_ids).exclude(
        status=Status.CANCELLED
    )
    certificates = Certificate.objects.filter(training_id__in=training_ids)
    if user_ids is not None:
        user_ids = list(user_ids)
        participations = participations.filter(user_id__in=user_ids)
        certificates = certificates.filter(user_id__in=user_ids)
    for row in participations.values(
        "pk", "user_id", "training_id", "status", "progress", "due_date"
    ):
        facts.participations[row["user_id"], row["training_id"]] = row
    for user_id, training_id, expires_at in certificates.values_list(
        "user_id", "training_id", "expires_at"
    ):
        facts.certificates[user_id, training_id] = expires_at
    return facts


def _in_audience(training: Training, person) -> bool:
    return audience_includes(
        restricted=training.audience_restricted,
        departments=training.audience_departments,
        category_ids=training.audience_category_ids,
        department=person.department,
        category_id=person.employee_category_id,
    )


def _deadline(training: Training, person, participation: dict | None) -> datetime.date | None:
    if participation is not None and participation["due_date"] is not None:
        return participation["due_date"]
    if training.deadline_date is not None:
        return training.deadline_date
    if training.deadline_days:
        starts = [timezone.localdate(person.date_joined), _audience_entry(training, person)]
        if training.mandatory_since is not None:
            starts.append(training.mandatory_since)
        return max(day for day in starts if day is not None) + datetime.timedelta(
            days=training.deadline_days
        )
    return None


def _audience_entry(training: Training, person) -> datetime.date | None:
    return audience_entered_on(
        restricted=training.audience_restricted,
        departments=training.audience_departments,
        category_ids=training.audience_category_ids,
        department=person.department,
        category_id=person.employee_category_id,
        department_since=person.department_since,
        category_since=person.category_since,
    )


def _obligation(
    facts: _Facts, training: Training, person, *, today: datetime.date, now: datetime.datetime
) -> Obligation | None:
    """The person's obligation towards `training`, or None when they have none."""
    key = (person.pk, training.pk)
    participation = facts.participations.get(key)
    seated = participation is not None and participation["status"] in Participant.SEATED
    if not seated and not _in_audience(training, person):
        return None
    deadline = _deadline(training, person, participation)
    has_certificate = key in facts.certificates
    expires = facts.certificates.get(key)
    status = participation["status"] if participation else None
    if has_certificate:
        state = EXPIRED if expires is not None and expires <= now else COMPLIANT
    elif status == Status.COMPLETED:
        state = COMPLIANT
    elif deadline is not None and deadline < today:
        state = OVERDUE
    elif status == Status.REGISTERED and participation["progress"] > 0:
        state = IN_PROGRESS
    else:
        state = NOT_STARTED
    return Obligation(
        training=training,
        state=state,
        deadline=deadline,
        participant_id=participation["pk"] if participation else None,
        certificate_expires=expires,
    )


def _people(query: Q):
    return get_user_model().objects.filter(Q(is_active=True) & query)


def _holders_q(trainings: list[Training]) -> Q:
    """People who may hold one of the trainings' obligations: their audiences and whoever is
    seated in them (the rule itself is `_obligation`)."""
    if any(not training.audience_restricted for training in trainings):
        return Q()  # one of them is for everyone (an empty Q would vanish from an OR)
    query = Q(
        training_participations__training__in=[t.pk for t in trainings],
        training_participations__status__in=Participant.SEATED,
    )
    for training in trainings:
        query |= audience_people_q(
            restricted=training.audience_restricted,
            departments=training.audience_departments,
            category_ids=training.audience_category_ids,
        )
    return query


def _no_fact_state(training: Training, person, today: datetime.date) -> str:
    """`_obligation` for someone in the audience with no participation and no certificate."""
    deadline = _deadline(training, person, None)
    return OVERDUE if deadline is not None and deadline < today else NOT_STARTED


def _late_rule(training: Training, today: datetime.date) -> tuple[str, datetime.datetime | None]:
    """Who of the audience, without facts, is past `_deadline`: ("none"), ("all"), or
    ("joined before", the moment): the latest of the day they joined, the day they entered the
    audience (`_audience_counts`) and `mandatory_since`, plus `deadline_days`, before today."""
    if training.deadline_date is not None:
        return ("all", None) if training.deadline_date < today else ("none", None)
    if not training.deadline_days:
        return ("none", None)
    cutoff = today - datetime.timedelta(days=training.deadline_days)
    if training.mandatory_since is not None and training.mandatory_since >= cutoff:
        return ("none", None)
    zone = timezone.get_current_timezone()
    return ("joined before", datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=zone))


def _audience_counts(training: Training, late: tuple) -> dict[str, tuple[int, int]]:
    """department -> (active people in the training's audience, those of them `late`)."""
    people = _people(
        audience_people_q(
            restricted=training.audience_restricted,
            departments=training.audience_departments,
            category_ids=training.audience_category_ids,
        )
    ).order_by()
    kind, moment = late
    if moment:
        entered_lately = audience_entered_since_q(
            restricted=training.audience_restricted,
            departments=training.audience_departments,
            category_ids=training.audience_category_ids,
            day=timezone.localdate(moment),
        )
        late_count = Count("pk", filter=Q(date_joined__lt=moment) & ~entered_lately)
    else:
        late_count = Value(0)
    rows = people.values("department").annotate(total=Count("pk"), late=late_count)
    return {
        row["department"]: (row["total"], row["total"] if kind == "all" else row["late"])
        for row in rows
    }


def compliance_matrix() -> tuple[list[Training], list[tuple[str, list[ComplianceCell]]]]:
    """Rows: departments of the people holding an obligation; columns: mandatory trainings.

    Everybody in a training's audience is first counted by department in SQL as if they had no
    participation and no certificate (not started, or overdue by the day they joined): one
    query per kind of audience and deadline. Then each (person, training) with a participation
    or a certificate goes through the rule (`_obligation`) in place of that count. Reading every
    person × every mandatory training in Python took minutes at 100,000 people."""
    trainings = mandatory_trainings()
    if not trainings:
        return trainings, []
    facts = _facts(trainings)
    today, now = timezone.localdate(), timezone.now()
    cells: dict[str, dict[int, ComplianceCell]] = {}

    def add(department: str, training_id: int, state: str, count: int) -> None:
        if count:
            cell = cells.setdefault(department, {}).setdefault(training_id, ComplianceCell())
            setattr(cell, state, getattr(cell, state) + count)

    counted: dict[tuple, dict[str, tuple[int, int]]] = {}
    for training in trainings:
        late = _late_rule(training, today)
        key = (
            training.audience_restricted,
            training.audience_departments,
            training.audience_category_ids,
            late,
        )
        if key not in counted:
            counted[key] = _audience_counts(training, late)
        for department, (total, overdue) in counted[key].items():
            add(department, training.pk, OVERDUE, overdue)
            add(department, training.pk, NOT_STARTED, total - overdue)
    pairs = set(facts.participations) | set(facts.certificates)
    holders = _people(Q(pk__in=sorted({user_id for user_id, _ in pairs})))
    people = {person.pk: person for person in holders.only(*PERSON_FIELDS).order_by()}
    by_pk = {training.pk: training for training in trainings}
    for user_id, training_id in sorted(pairs):
        person = people.get(user_id)
        if person is None:  # not active: no obligation
            continue
        training = by_pk[training_id]
        if _in_audience(training, person):  # counted above as without facts
            add(person.department, training_id, _no_fact_state(training, person, today), -1)
        found = _obligation(facts, training, person, today=today, now=now)
        if found is not None:
            add(person.department, training_id, found.state, 1)
    table = [
        (department, [cells[department].get(t.pk, ComplianceCell()) for t in trainings])
        for department in sorted(cells)
    ]
    return trainings, table


def compliance_totals() -> ComplianceCell:
    """Every cell of the matrix added up (the dashboard's figures)."""
    _trainings, table = compliance_matrix()
    total = ComplianceCell()
    for _department, cells in table:
        for cell in cells:
            for state in STATES:
                setattr(total, state, getattr(total, state) + getattr(cell, state))
    return total


def compliance_people(
    *, training: Training, department: str, state: str = ""
) -> list[tuple[User, Obligation]]:
    """The people of `department` counted in `training`'s column (one state, or all), by name."""
    trainings = mandatory_trainings(only=training)
    if not trainings:
        return []
    people = list(
        _people(Q(department=department) & _holders_q(trainings))
        .distinct()
        .order_by("last_name", "first_name", "username", "pk")
    )
    facts = _facts(trainings, user_ids=[person.pk for person in people])
    today, now = timezone.localdate(), timezone.now()
    rows = []
    for person in people:
        found = _obligation(facts, trainings[0], person, today=today, now=now)
        if found is not None and (not state or found.state == state):
            rows.append((person, found))
    return rows


def obligations_of(*, people: list[User]) -> dict[int, list[Obligation]]:
    """Each person's mandatory-training obligations (three queries for any number of people)."""
    trainings = mandatory_trainings()
    facts = _facts(trainings, user_ids=[person.pk for person in people])
    today, now = timezone.localdate(), timezone.now()
    result: dict[int, list[Obligation]] = {}
    for person in people:
        found = (_obligation(facts, t, person, today=today, now=now) for t in trainings)
        result[person.pk] = [obligation for obligation in found if obligation is not None]
    return result


def my_obligations(*, user: User) -> list[Obligation]:
    return obligations_of(people=[user])[user.pk]
