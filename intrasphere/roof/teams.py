"""My team: a manager's direct reports with everything they still have to do, composed from
the people (accounts), the mandatory trainings' compliance (training) and the must-read
announcements and documents to acknowledge (content)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import User
from content import selectors as content_selectors
from training import selectors as training_selectors


@dataclass
class TeamRow:
    person: User
    pending: list = field(default_factory=list)  # training obligations not yet compliant
    compliant: int = 0
    total: int = 0
    must_reads: list = field(default_factory=list)  # announcements not acknowledged
    documents: list = field(default_factory=list)  # documents whose version is not confirmed

    @property
    def late(self) -> int:
        """Overdue items (trainings overdue, certificates expired): shown in red."""
        return sum(1 for obligation in self.pending if obligation.is_late)

    @property
    def to_do(self) -> int:
        return len(self.pending) + len(self.must_reads) + len(self.documents)


def team_rows(*, people: list[User]) -> list[TeamRow]:
    """Each person's obligations: mandatory trainings (three queries), must-reads (three) and
    documents to acknowledge (one, the list itself is shared) for any number of people."""
    obligations = training_selectors.obligations_of(people=people)
    must_reads = content_selectors.must_reads_pending_of(people=people)
    documents = content_selectors.documents_to_acknowledge_of(people=people)
    rows = []
    for person in people:
        found = obligations.get(person.pk, [])
        rows.append(
            TeamRow(
                person=person,
                pending=sorted(
                    (o for o in found if not o.is_done),
                    key=lambda o: (not o.is_late, o.deadline is None, o.deadline, o.training.title),
                ),
                compliant=sum(1 for o in found if o.is_done),
                total=len(found),
                must_reads=must_reads.get(person.pk, []),
                documents=documents.get(person.pk, []),
            )
        )
    return rows


def reminder_items(*, person: User) -> list[str]:
    """What a reminder names: the person's pending trainings (late ones first), then the
    must-reads and the documents to acknowledge."""
    row = team_rows(people=[person])[0]
    items = [f"{o.training.title} ({o.label.lower()})" for o in row.pending]
    items += [_("read “%(title)s”") % {"title": a.title} for a in row.must_reads]
    items += [_("acknowledge “%(title)s”") % {"title": d.title} for d in row.documents]
    return items
