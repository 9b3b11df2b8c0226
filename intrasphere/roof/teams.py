"""My team: a manager's direct reports with their obligations, composed from the people
(accounts) and the mandatory trainings' compliance (training)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from training import selectors as training_selectors


@dataclass
class TeamRow:
    person: User
    pending: list = field(default_factory=list)  # obligations not yet compliant
    compliant: int = 0
    total: int = 0

    @property
    def late(self) -> int:
        return sum(1 for obligation in self.pending if obligation.is_late)


def team_rows(*, people: list[User]) -> list[TeamRow]:
    """Each person's mandatory-training obligations (three queries for the page)."""
    obligations = training_selectors.obligations_of(people=people)
    rows = []
    for person in people:
        found = obligations.get(person.pk, [])
        rows.append(
            TeamRow(
                person=person,
                pending=[o for o in found if not o.is_done],
                compliant=sum(1 for o in found if o.is_done),
                total=len(found),
            )
        )
    return rows


def reminder_items(*, person: User) -> list[str]:
    """What a reminder names: the person's pending obligations, late ones first."""
    row = team_rows(people=[person])[0]
    pending = sorted(row.pending, key=lambda o: (not o.is_late, o.training.title))
    return [f"{o.training.title} ({o.label.lower()})" for o in pending]
