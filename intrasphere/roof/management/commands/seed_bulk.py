"""Fill an empty database with realistic volumes for the benchmark (`make bench`).

    python manage.py seed_bulk                  # the defaults of issue 9 (a few minutes)
    python manage.py seed_bulk --scale 0.01     # 1 % of every size (tests, quick tries)
    python manage.py seed_bulk --posts 20000    # one size changed

Every section inserts with `bulk_create` in batches and computes the stored counters
(reply/like/participant counts, last posts) from the rows it writes, so they end consistent.
The whole run is one transaction: it fills everything or nothing. It refuses to run twice on
the same database (the first bulk user, `user00000`, marks a filled database): start from an
empty one (`manage.py flush`, or a new DATABASE_URL). It refuses a database that holds any
other user unless `--i-know-this-is-not-production`: its administrators share one published
password. `--dry-run` makes the same checks and says what it would create.

Accounts (all with the password `BULK_PASSWORD`, hashed once):
`user00000…` administrators, then moderators, complaint handlers, and employees; see
`bulk_usernames()` (the bench signs in with them).

A new domain plugs in as one more `Section` in `SECTIONS`.
"""

from __future__ import annotations

import contextlib
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import EmployeeCategory, Message, User
from intrasphere.commands import WritingCommand

BULK_PASSWORD = "bulk-bench-password"  # noqa: S105 (a known password for a benchmark database)
MARKER_USERNAME = "user00000"
BULK_EMAIL_DOMAIN = "@bulk.intrasphere.local"
NOT_PRODUCTION = "--i-know-this-is-not-production"
BIG_TOPIC_POSTS = 500
BIG_TOPIC_TITLE = "Benchmark: the long topic"

# Role layout of the bulk users (indexes into the user list).
ADMINS = 10
MODERATORS = 50
HANDLERS = 40

DEPARTMENTS = [
    "Finance",
    "Human Resources",
    "IT",
    "Sales",
    "Marketing",
    "Operations",
    "Legal",
    "Logistics",
    "Research",
    "Customer Service",
    "Procurement",
    "Facilities",
]
EMPLOYEE_CATEGORIES = ["Managers", "Field staff", "Office staff", "Interns", "Contractors"]
FIRST_NAMES = [
    "Alice",
    "Bruno",
    "Chloé",
    "David",
    "Emma",
    "François",
    "Gabriel",
    "Hélène",
    "Inès",
    "Jules",
    "Karim",
    "Léa",
    "Marc",
    "Nina",
    "Omar",
    "Pauline",
    "Quentin",
    "Rose",
    "Samuel",
    "Théo",
    "Ursula",
    "Victor",
    "Wendy",
    "Xavier",
    "Yasmine",
    "Zoé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
]
WORDS = [
    "budget",
    "meeting",
    "project",
    "team",
    "report",
    "quarter",
    "review",
    "planning",
    "safety",
    "training",
    "office",
    "customer",
    "release",
    "deadline",
    "server",
    "network",
    "printer",
    "holiday",
    "schedule",
    "policy",
    "security",
    "onboarding",
    "coffee",
    "parking",
    "badge",
    "contract",
    "supplier",
    "invoice",
    "travel",
    "expense",
    "benefit",
    "workshop",
    "conference",
    "launch",
    "roadmap",
    "feedback",
    "survey",
    "update",
    "process",
    "quality",
    "audit",
    "improvement",
    "energy",
    "building",
    "kitchen",
    "cleaning",
    "laptop",
    "password",
    "access",
    "support",
    "ticket",
    "delivery",
    "warehouse",
    "inventory",
    "marketing",
    "campaign",
    "sales",
    "target",
    "growth",
    "hiring",
    "interview",
    "manager",
    "colleague",
    "department",
    "strategy",
    "innovation",
    "research",
    "analysis",
    "data",
    "dashboard",
]


STOP_WORDS = ["the", "and", "of", "to", "a", "in", "for", "is", "on", "with", "we", "this"]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ter",
    "van",
    "su",
    "re",
    "no",
    "dal",
    "pi",
    "for",
    "gen",
    "tu",
    "ba",
]


def vocabulary() -> tuple[list[str], list[float]]:
    """Words in a realistic frequency order (Zipf): stop words, then real and made-up words.

    The real words (WORDS) sit in the middle ranks, so a search for one or two of them matches a
    few percent of the rows or less, as in a real corpus.
    """
    made_up = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s") if a != b][
        :1900
    ]
    words = STOP_WORDS + made_up[:100] + WORDS + made_up[100:]
    total = 0.0
    cumulative = []
    for rank in range(len(words)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


VOCABULARY, CUMULATIVE = vocabulary()


def bulk_usernames() -> dict[str, list[str]]:
    """The bulk accounts of each role (for the bench), by the layout used in `seed_users`."""
    first_handler = ADMINS + MODERATORS
    return {
        "admin": [f"user{i:05d}" for i in range(ADMINS)],
        "moderator": [f"user{i:05d}" for i in range(ADMINS, first_handler)],
        "handler": [f"user{i:05d}" for i in range(first_handler, first_handler + HANDLERS)],
        "employee": [f"user{i:05d}" for i in range(first_handler + HANDLERS, first_handler + 200)],
    }


@dataclass
class Sizes:
    users: int = 10_000
    announcements: int = 5_000
    documents: int = 5_000
    events: int = 2_000
    topics: int = 1_000
    posts: int = 100_000
    likes: int = 200_000
    complaints: int = 20_000
    messages: int = 100_000
    trainings: int = 500
    enrollments: int = 50_000


@dataclass
class Context:
    """What sections share: sizes, the random source, the users, timings and counts."""

    sizes: Sizes
    rng: random.Random
    batch_size: int
    write: Callable[[str], None]
    progress: bool
    now: datetime = field(default_factory=timezone.now)
    user_ids: list[int] = field(default_factory=list)
    user_departments: dict[int, str] = field(default_factory=dict)
    admin_ids: list[int] = field(default_factory=list)
    moderator_ids: list[int] = field(default_factory=list)
    handler_ids: list[int] = field(default_factory=list)
    employee_ids: list[int] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words)).capitalize()

    def text(self, sentences: int) -> str:
        return ". ".join(self.sentence(self.rng.randint(6, 14)) for _ in range(sentences)) + "."

    def past(self, days: int = 720) -> datetime:
        return self.now - timedelta(seconds=self.rng.randint(60, days * 86400))

    def insert(
        self, model: type[models.Model], rows: Iterable[models.Model], total: int, label: str
    ) -> list[int]:
        """bulk_create `rows` in batches with a progress line; the new primary keys, in order."""
        pks: list[int] = []
        started = time.monotonic()
        batch: list[models.Model] = []
        done = 0
        with manual_timestamps(model) as stamped:
            for row in rows:
                for name in stamped:
                    if getattr(row, name) is None:
                        setattr(row, name, self.now)
                batch.append(row)
                if len(batch) >= self.batch_size:
                    pks += [obj.pk for obj in model.objects.bulk_create(batch)]
                    done += len(batch)
                    batch = []
                    self._progress(label, done, total, started)
            if batch:
                pks += [obj.pk for obj in model.objects.bulk_create(batch)]
                done += len(batch)
        self._progress(label, done, total, started, final=True)
        self.created[label] = self.created.get(label, 0) + done
        return pks

    def _progress(self, label: str, done: int, total: int, started: float, final=False) -> None:
        if not self.progress and not final:
            return
        total = max(total, done, 1)
        width = 30
        filled = int(width * done / total)
        line = (
            f"  {label:<28} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:>7}/{total:<7} {time.monotonic() - started:6.1f}s"
        )
        if self.progress:
            sys.stdout.write("\r" + line + ("\n" if final else ""))
            sys.stdout.flush()
        else:
            self.write(line)


@contextlib.contextmanager
def manual_timestamps(model: type[models.Model]) -> Iterator[list[str]]:
    """Let bulk rows keep the dates we give them (auto_now/auto_now_add would stamp "now").

    Only the field objects of `model`, only for this process, restored right after. Yields the
    names of those fields (rows that leave one empty get the run's "now").
    """
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield [f.attname for f in fields]
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def scaled(value: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, math.ceil(value * scale)) if value else 0


# --- sections -----------------------------------------------------------------------------


def seed_users(ctx: Context) -> None:
    n = max(ctx.sizes.users, ADMINS + MODERATORS + HANDLERS + 10)
    password = make_password(BULK_PASSWORD)  # one hash for everybody: hashing is the slow part
    categories = [
        EmployeeCategory.objects.get_or_create(name=name)[0] for name in EMPLOYEE_CATEGORIES
    ]

    def rows() -> Iterator[User]:
        for i in range(n):
            if i < ADMINS:
                role = User.Role.ADMIN
            elif i < ADMINS + MODERATORS:
                role = User.Role.MODERATOR
            else:
                role = User.Role.EMPLOYEE
            first, last = ctx.rng.choice(FIRST_NAMES), ctx.rng.choice(LAST_NAMES)
            joined = ctx.past(2000)
            yield User(
                username=f"user{i:05d}",
                password=password,
                first_name=first,
                last_name=last,
                email=f"user{i:05d}{BULK_EMAIL_DOMAIN}",
                role=role,
                is_superuser=role == User.Role.ADMIN,
                is_staff=role == User.Role.ADMIN,
                employee_id=f"B{i:06d}",
                department=DEPARTMENTS[i % len(DEPARTMENTS)],
                position=ctx.sentence(2),
                phone=f"+33 1 {i % 100:02d} {i // 100 % 100:02d} 00 00",
                employee_category=categories[i % len(categories)],
                date_joined=joined,
                updated_at=joined,
                last_login=None if i % 5 == 0 else ctx.past(30),
            )

    ctx.user_ids = ctx.insert(User, rows(), n, "users")
    ctx.user_departments = {
        pk: DEPARTMENTS[i % len(DEPARTMENTS)] for i, pk in enumerate(ctx.user_ids)
    }
    ctx.admin_ids = ctx.user_ids[:ADMINS]
    ctx.moderator_ids = ctx.user_ids[ADMINS : ADMINS + MODERATORS]
    ctx.handler_ids = ctx.user_ids[ADMINS + MODERATORS : ADMINS + MODERATORS + HANDLERS]
    ctx.employee_ids = ctx.user_ids[ADMINS + MODERATORS :]
    # Complaint handlers hold the global right (what complaints.selectors.complaint_handlers
    # lists); their assigned complaints add guardian rows in `seed_complaints`.
    manage = Permission.objects.get(
        content_type__app_label="complaints", codename="manage_complaints"
    )
    through = User.user_permissions.through
    ctx.insert(
        through,
        (through(user_id=pk, permission_id=manage.pk) for pk in ctx.handler_ids),
        len(ctx.handler_ids),
        "handler rights",
    )


def seed_messages(ctx: Context) -> None:
    n = ctx.sizes.messages
    users = ctx.user_ids

    def rows() -> Iterator[Message]:
        for i in range(n):
            sender, recipient = ctx.rng.sample(users, 2)
            sent = ctx.past(365)
            yield Message(
                sender_id=sender,
                recipient_id=recipient,
                subject=ctx.sentence(4),
                body=ctx.text(3),
                created_at=sent,
                read_at=None if i % 4 == 0 else sent + timedelta(hours=2),
            )

    ctx.insert(Message, rows(), n, "messages")


def seed_content(ctx: Context) -> None:
    from content.models import Announcement, Category, Document, DocumentVersion, Event, EventRSVP

    categories = []
    for name in ("General", "Human resources", "IT", "Safety", "Finance", "Facilities"):
        categories.append(
            Category.objects.get_or_create(slug=f"bulk-{slugify(name)}", defaults={"name": name})[0]
        )
    authors = ctx.admin_ids

    def announcements() -> Iterator[Announcement]:
        for i in range(ctx.sizes.announcements):
            published = ctx.past(720)
            restricted = i % 10 == 0
            yield Announcement(
                title=ctx.sentence(6),
                content=ctx.text(6),
                type=ctx.rng.choice(Announcement.Type.values),
                category=ctx.rng.choice(categories),
                icon=ctx.rng.choice(Announcement.Icon.values),
                important=i % 50 == 0,
                author_id=ctx.rng.choice(authors),
                publish_at=published,
                audience_restricted=restricted,
                audience_departments=f"|{ctx.rng.choice(DEPARTMENTS)}|" if restricted else "",
                created_at=published,
                updated_at=published,
            )

    ctx.insert(Announcement, announcements(), ctx.sizes.announcements, "announcements")

    # Documents: one small file each (version 1), written under MEDIA_ROOT/bulk/.
    n_docs = ctx.sizes.documents
    folder = Path(settings.MEDIA_ROOT) / "bulk"
    folder.mkdir(parents=True, exist_ok=True)

    def documents() -> Iterator[Document]:
        for _ in range(n_docs):
            when = ctx.past(720)
            yield Document(
                title=ctx.sentence(5),
                description=ctx.text(2),
                category=ctx.rng.choice(categories),
                requires_acknowledgement=ctx.rng.random() < 0.02,
                created_by_id=ctx.rng.choice(authors),
                created_at=when,
                updated_at=when,
            )

    doc_ids = ctx.insert(Document, documents(), n_docs, "documents")

    def versions() -> Iterator[DocumentVersion]:
        for doc_id in doc_ids:
            name = f"bulk/doc-{doc_id}.txt"
            data = (ctx.text(3) + "\n").encode()
            (folder / f"doc-{doc_id}.txt").write_bytes(data)
            yield DocumentVersion(
                document_id=doc_id,
                number=1,
                file=name,
                original_filename=f"document-{doc_id}.txt",
                size=len(data),
                content_type="text/plain",
                uploaded_by_id=ctx.rng.choice(authors),
                uploaded_at=ctx.past(720),
            )

    version_ids = ctx.insert(DocumentVersion, versions(), n_docs, "document files")
    for start in range(0, len(doc_ids), ctx.batch_size):
        chunk = list(
            zip(doc_ids[start : start + ctx.batch_size], version_ids[start:], strict=False)
        )
        Document.objects.bulk_update(
            [Document(pk=d, current_version_id=v) for d, v in chunk], ["current_version"]
        )

    # Events over two years around today; RSVPs with going_count equal to the "going" rows.
    n_events = ctx.sizes.events
    event_plans: list[tuple[int | None, int]] = []

    def events() -> Iterator[Event]:
        for _ in range(n_events):
            starts = ctx.now + timedelta(hours=ctx.rng.randint(-365 * 24, 365 * 24))
            capacity = ctx.rng.choice([None, None, 20, 50, 100])
            going = ctx.rng.randint(0, capacity if capacity else 30)
            event_plans.append((capacity, going))
            yield Event(
                title=ctx.sentence(4),
                description=ctx.text(3),
                type=ctx.rng.choice(Event.Type.values),
                location=ctx.sentence(2),
                starts_at=starts,
                ends_at=starts + timedelta(hours=ctx.rng.choice([1, 2, 4, 8])),
                organiser_id=ctx.rng.choice(authors),
                capacity=capacity,
                going_count=going,
                created_at=starts - timedelta(days=30),
                updated_at=starts - timedelta(days=30),
            )

    event_ids = ctx.insert(Event, events(), n_events, "events")
    total_rsvps = sum(going for _, going in event_plans)

    def rsvps() -> Iterator[EventRSVP]:
        for event_id, (_, going) in zip(event_ids, event_plans, strict=True):
            for user_id in ctx.rng.sample(ctx.user_ids, going):
                yield EventRSVP(event_id=event_id, user_id=user_id, status="going")

    ctx.insert(EventRSVP, rsvps(), total_rsvps, "event participants")


def seed_forum(ctx: Context) -> None:
    from forum.models import (
        Category,
        CategoryUserObjectPermission,
        Like,
        Post,
        Status,
        Topic,
    )

    names = [
        "General discussion",
        "IT help",
        "Ideas",
        "Events and social",
        "Human resources",
        "Facilities",
        "Sales corner",
        "Projects",
        "Off topic",
        "Announcements talk",
    ]
    categories = [
        Category.objects.create(
            name=name, slug=f"bulk-{slugify(name)}", order=i, description=ctx.sentence(8)
        )
        for i, name in enumerate(names)
    ]
    # Moderators of each category: guardian direct foreign-key rows, two rights each.
    perms = list(
        Permission.objects.filter(
            content_type__app_label="forum", codename__in=["validate_topics", "validate_posts"]
        )
    )
    rows = []
    for category in categories:
        for user_id in ctx.rng.sample(ctx.employee_ids, 3):
            rows += [
                CategoryUserObjectPermission(
                    user_id=user_id, permission=perm, content_object=category
                )
                for perm in perms
            ]
    ctx.insert(CategoryUserObjectPermission, rows, len(rows), "category moderators")

    n_topics = max(ctx.sizes.topics, 1)
    n_posts = max(ctx.sizes.posts, n_topics)
    # Posts per topic: the first topic is the long one, the rest share what is left.
    big = min(BIG_TOPIC_POSTS, n_posts - (n_topics - 1))
    rest = n_posts - big
    counts = [big] + [1] * (n_topics - 1)
    for _ in range(rest - (n_topics - 1)):
        counts[1 + ctx.rng.randrange(n_topics - 1) if n_topics > 1 else 0] += 1
    topic_cats = [categories[0]] + [ctx.rng.choice(categories) for _ in range(n_topics - 1)]
    topic_start = [ctx.past(700) for _ in range(n_topics)]
    authors = ctx.user_ids

    def topics() -> Iterator[Topic]:
        for i in range(n_topics):
            title = BIG_TOPIC_TITLE if i == 0 else ctx.sentence(6)
            yield Topic(
                category=topic_cats[i],
                author_id=ctx.rng.choice(authors),
                title=title,
                slug=slugify(title)[:200] or "topic",
                pinned=i % 100 == 1,
                status=Status.VISIBLE,
                reply_count=counts[i] - 1,
                view_count=ctx.rng.randint(counts[i], counts[i] * 20),
                created_at=topic_start[i],
            )

    topic_ids = ctx.insert(Topic, topics(), n_topics, "forum topics")

    # Likes drawn first: distinct (user, post) pairs, older posts a bit more liked, so that each
    # post is inserted with its like count (updating the counters afterwards cost more than
    # inserting the posts at --scale 10). A pair is one integer: user index × posts + post index.
    n_likes = min(ctx.sizes.likes, n_posts * len(authors) // 2)
    like_counts = [0] * n_posts
    like_pairs: list[int] = []
    seen: set[int] = set()
    while len(like_pairs) < n_likes:
        index = int(n_posts * ctx.rng.random() ** 1.5)
        pair = ctx.rng.randrange(len(authors)) * n_posts + index
        if pair in seen:
            continue
        seen.add(pair)
        like_pairs.append(pair)
        like_counts[index] += 1
    del seen

    # Posts in date order inside each topic; remember the last post of each topic/category.
    last_post: dict[int, tuple[datetime, int]] = {}  # topic index -> (date, author)

    def posts() -> Iterator[Post]:
        index = 0
        for i, topic_id in enumerate(topic_ids):
            when = topic_start[i]
            step = max(60, int((ctx.now - when).total_seconds() / (counts[i] + 1)))
            for j in range(counts[i]):
                if j:
                    when += timedelta(seconds=ctx.rng.randint(30, step))
                author = ctx.rng.choice(authors)
                yield Post(
                    topic_id=topic_id,
                    author_id=author,
                    content=ctx.text(ctx.rng.randint(1, 4)),
                    like_count=like_counts[index],
                    created_at=when,
                )
                index += 1
            last_post[i] = (when, author)

    post_ids = ctx.insert(Post, posts(), n_posts, "forum posts")

    ctx.insert(
        Like,
        (
            Like(
                user_id=authors[pair // n_posts],
                post_id=post_ids[pair % n_posts],
                created_at=ctx.past(300),
            )
            for pair in like_pairs
        ),
        n_likes,
        "forum likes",
    )

    # Topic last activity, then category counters and last post.
    topic_updates = [
        Topic(pk=pk, last_post_at=last_post[i][0], last_post_author_id=last_post[i][1])
        for i, pk in enumerate(topic_ids)
    ]
    for start in range(0, len(topic_updates), ctx.batch_size):
        Topic.objects.bulk_update(
            topic_updates[start : start + ctx.batch_size], ["last_post_at", "last_post_author"]
        )
    last_post_ids: dict[int, int] = {}
    offset = 0
    for i, count in enumerate(counts):
        offset += count
        last_post_ids[i] = post_ids[offset - 1]
    for category in categories:
        indexes = [i for i, c in enumerate(topic_cats) if c.pk == category.pk]
        category.topic_count = len(indexes)
        category.post_count = sum(counts[i] for i in indexes)
        newest = max(indexes, key=lambda i: (last_post[i][0], last_post_ids[i]), default=None)
        category.last_post_id = last_post_ids[newest] if newest is not None else None
        category.save(update_fields=["topic_count", "post_count", "last_post"])


def seed_complaints(ctx: Context) -> None:
    from complaints.models import Complaint, ComplaintEvent, ComplaintUserObjectPermission

    n = ctx.sizes.complaints
    statuses = list(Complaint.Status.values)
    plans: list[tuple[int | None, datetime]] = []

    def rows() -> Iterator[Complaint]:
        for _ in range(n):
            created = ctx.past(540)
            status = ctx.rng.choice(statuses)
            priority = ctx.rng.choice(Complaint.Priority.values)
            assignee = None if status == "new" else ctx.rng.choice(ctx.handler_ids)
            plans.append((assignee, created))
            resolved = created + timedelta(days=3) if status in ("resolved", "closed") else None
            yield Complaint(
                submitter_id=ctx.rng.choice(ctx.employee_ids),
                assignee_id=assignee,
                title=ctx.sentence(6),
                description=ctx.text(4),
                category=ctx.rng.choice(Complaint.Category.values),
                priority=priority,
                status=status,
                confidential=ctx.rng.random() < 0.05,
                due_at=Complaint.sla_due(priority, created),
                resolved_at=resolved,
                closed_at=resolved + timedelta(days=7) if status == "closed" else None,
                created_at=created,
                updated_at=created + timedelta(hours=ctx.rng.randint(0, 200)),
            )

    complaint_ids = ctx.insert(Complaint, rows(), n, "complaints")
    ctx.insert(
        ComplaintEvent,
        (
            ComplaintEvent(
                complaint_id=pk, actor_id=None, kind="created", to_value="new", created_at=when
            )
            for pk, (_, when) in zip(complaint_ids, plans, strict=True)
        ),
        n,
        "complaint timelines",
    )
    # The assignee's object right, as complaints.services.complaint_assign gives it.
    manage = Permission.objects.get(
        content_type__app_label="complaints", codename="manage_complaints"
    )
    assigned = [(pk, a) for pk, (a, _) in zip(complaint_ids, plans, strict=True) if a]
    ctx.insert(
        ComplaintUserObjectPermission,
        (
            ComplaintUserObjectPermission(user_id=a, permission=manage, content_object_id=pk)
            for pk, a in assigned
        ),
        len(assigned),
        "assignee rights",
    )


# Bench employees seated in the first trainings, so the bench can open their lessons and quizzes.
SEATED_BENCH_EMPLOYEES = 6
SEATED_BENCH_TRAININGS = 20
TRAINING_CATEGORIES = ["Safety", "Management", "IT", "Languages", "Compliance", "Sales"]


def seed_training(ctx: Context) -> None:
    from guardian.models import UserObjectPermission

    from training.models import Choice, Course, Lesson, Participant, Question, Quiz, Training

    n = ctx.sizes.trainings
    if not n:
        return
    instructors = ctx.employee_ids[200:300] or ctx.moderator_ids
    users = ctx.user_ids
    # Enrollments spread evenly (a training cannot hold a user twice).
    total = ctx.sizes.enrollments
    counts = [min(len(users), total // n + (1 if i < total % n else 0)) for i in range(n)]
    plans: list[dict] = []

    def trainings() -> Iterator[Training]:
        for i in range(n):
            starts = ctx.now + timedelta(days=ctx.rng.randint(-300, 300))
            ended = i >= SEATED_BENCH_TRAININGS and starts < ctx.now - timedelta(days=7)
            plan = {
                "max": ctx.rng.choice([30, 50, 100, 150, 200]),
                "instructor": ctx.rng.choice(instructors),
                "starts": starts,
                "ended": ended,
            }
            plans.append(plan)
            created = starts - timedelta(days=60)
            yield Training(
                title=ctx.sentence(5),
                description=ctx.text(4),
                category=ctx.rng.choice(TRAINING_CATEGORIES),
                difficulty=ctx.rng.choice(Training.Difficulty.values),
                duration_hours=ctx.rng.choice([1, 2, 4, 8, 16]),
                instructor_id=plan["instructor"],
                start_date=starts,
                end_date=starts + timedelta(days=ctx.rng.choice([1, 2, 5]))
                if ended
                else starts + timedelta(days=400),
                location=ctx.sentence(2),
                max_participants=plan["max"],
                participant_count=0,  # set below from the participant rows
                is_mandatory=i % 25 == 0,
                created_at=created,
                updated_at=created,
            )

    training_ids = ctx.insert(Training, trainings(), n, "trainings")

    # Syllabus: 2-4 courses of 2-5 lessons; the last lesson of each course has a quiz.
    course_plans: list[tuple[int, int]] = []  # (training id, lessons)

    def courses() -> Iterator[Course]:
        for training_id in training_ids:
            for order in range(ctx.rng.randint(2, 4)):
                course_plans.append((training_id, ctx.rng.randint(2, 5)))
                yield Course(
                    training_id=training_id,
                    title=ctx.sentence(4),
                    description=ctx.text(2),
                    order=order,
                    duration_minutes=ctx.rng.choice([30, 60, 90]),
                )

    course_ids = ctx.insert(Course, courses(), 3 * n, "training courses")
    quiz_lessons: list[int] = []  # indexes into the lesson list

    def lessons() -> Iterator[Lesson]:
        index = 0
        for course_id, (_, count) in zip(course_ids, course_plans, strict=True):
            for order in range(count):
                if order == count - 1:
                    quiz_lessons.append(index)
                index += 1
                yield Lesson(
                    course_id=course_id,
                    title=ctx.sentence(5),
                    order=order,
                    content="## " + ctx.sentence(4) + "\n\n" + ctx.text(8),
                    duration_minutes=ctx.rng.choice([5, 10, 15, 20]),
                )

    lesson_ids = ctx.insert(Lesson, lessons(), len(course_ids) * 3, "training lessons")
    quiz_ids = ctx.insert(
        Quiz,
        (Quiz(lesson_id=lesson_ids[i], title=ctx.sentence(3)) for i in quiz_lessons),
        len(quiz_lessons),
        "training quizzes",
    )
    question_plans: list[int] = []  # choices per question

    def questions() -> Iterator[Question]:
        for quiz_id in quiz_ids:
            for order in range(ctx.rng.randint(3, 5)):
                question_plans.append(ctx.rng.randint(3, 4))
                yield Question(
                    quiz_id=quiz_id,
                    text=ctx.sentence(8) + "?",
                    kind=Question.Kind.SINGLE,
                    explanation=ctx.sentence(8),
                    order=order,
                )

    question_ids = ctx.insert(Question, questions(), len(quiz_ids) * 4, "quiz questions")

    def choices() -> Iterator[Choice]:
        for question_id, count in zip(question_ids, question_plans, strict=True):
            correct = ctx.rng.randrange(count)
            for order in range(count):
                yield Choice(
                    question_id=question_id,
                    text=ctx.sentence(4),
                    is_correct=order == correct,
                    order=order,
                )

    ctx.insert(Choice, choices(), sum(question_plans), "quiz choices")

    # Participants: seated while seats remain (registered, or completed once ended), then
    # waitlisted; a few cancelled. participant_count = the seated rows.
    first_employee = ADMINS + MODERATORS + HANDLERS  # the bench's employees (bulk_usernames)
    bench = users[first_employee : first_employee + SEATED_BENCH_EMPLOYEES]
    seated_counts = [0] * n
    Status = Participant.Status

    def participants() -> Iterator[Participant]:
        for i, training_id in enumerate(training_ids):
            plan = plans[i]
            chosen = ctx.rng.sample(users, counts[i])
            if i < SEATED_BENCH_TRAININGS:
                chosen = bench + [u for u in chosen if u not in bench][: counts[i] - len(bench)]
            for user_id in chosen:
                if seated_counts[i] < plan["max"] and (
                    user_id in bench and i < SEATED_BENCH_TRAININGS or ctx.rng.random() < 0.95
                ):
                    seated_counts[i] += 1
                    completed = plan["ended"] and ctx.rng.random() < 0.8
                    status = Status.COMPLETED if completed else Status.REGISTERED
                elif seated_counts[i] < plan["max"]:
                    status = Status.CANCELLED
                else:
                    status = Status.WAITLISTED
                yield Participant(
                    training_id=training_id,
                    user_id=user_id,
                    status=status,
                    registered_at=plan["starts"] - timedelta(days=ctx.rng.randint(1, 50)),
                    progress=100 if status == Status.COMPLETED else 0,
                    completed_at=plan["starts"] + timedelta(days=1)
                    if status == Status.COMPLETED
                    else None,
                    attended=status == Status.COMPLETED,
                )

    ctx.insert(Participant, participants(), sum(counts), "training participants")
    updates = [
        Training(pk=pk, participant_count=c)
        for pk, c in zip(training_ids, seated_counts, strict=True)
        if c
    ]
    for start in range(0, len(updates), ctx.batch_size):
        Training.objects.bulk_update(updates[start : start + ctx.batch_size], ["participant_count"])

    # The instructor's object right, as training.services gives it (guardian generic rows:
    # training has no direct foreign-key permission table).
    manage = Permission.objects.get(content_type__app_label="training", codename="manage_trainings")
    ctx.insert(
        UserObjectPermission,
        (
            UserObjectPermission(
                user_id=plan["instructor"],
                permission=manage,
                content_type_id=manage.content_type_id,
                object_pk=str(pk),
            )
            for pk, plan in zip(training_ids, plans, strict=True)
        ),
        n,
        "instructor rights",
    )


@dataclass
class Section:
    name: str
    run: Callable[[Context], None]


# Order matters: users first, everything else refers to them.
SECTIONS = [
    Section("users", seed_users),
    Section("messages", seed_messages),
    Section("content", seed_content),
    Section("forum", seed_forum),
    Section("complaints", seed_complaints),
    Section("training", seed_training),
]


class Command(WritingCommand):
    help = (
        "Fill an empty database with benchmark volumes (bulk inserts; refuses to run twice, "
        f"and refuses a database with other users unless {NOT_PRODUCTION})."
    )

    def add_arguments(self, parser):
        for name, default in Sizes().__dict__.items():
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"how many {name} (default {default})"
            )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply every size (e.g. 0.01 for tests)"
        )
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--random-seed", type=int, default=9)
        parser.add_argument(
            "--no-progress", action="store_true", help="one line per section, no progress bar"
        )
        parser.add_argument(
            NOT_PRODUCTION,
            dest="not_production",
            action="store_true",
            help="run even though the database holds other users (benchmark copies only)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="make the checks and print the sizes; write nothing",
        )

    def handle(self, *args, **options):
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if any(options[name] < 0 for name in Sizes().__dict__):
            raise CommandError("Sizes cannot be negative.")
        self.announce(dry_run=options["dry_run"])
        if User.objects.filter(username=MARKER_USERNAME).exists():
            raise CommandError(
                f"This database already holds bulk data (user {MARKER_USERNAME!r} exists); "
                "seed_bulk runs once, on an empty database: `manage.py flush` it or point "
                "DATABASE_URL at a new one."
            )
        others = User.objects.exclude(email__endswith=BULK_EMAIL_DOMAIN)
        if others.exists() and not options["not_production"]:
            examples = ", ".join(others.order_by("pk").values_list("username", flat=True)[:3])
            raise CommandError(
                f"This database holds {others.count()} user(s) ({examples}…): seed_bulk would "
                f"add {ADMINS} administrators whose password is published. Nothing was written. "
                "Point DATABASE_URL at an empty database, or use "
                f"{NOT_PRODUCTION} on a copy that is not production."
            )
        sizes = Sizes(
            **{name: scaled(options[name], options["scale"]) for name in Sizes().__dict__}
        )
        if options["dry_run"]:
            planned = ", ".join(f"{count} {name}" for name, count in sizes.__dict__.items())
            self.stdout.write(f"Dry run: would create {planned}. Nothing was written.")
            return
        ctx = Context(
            sizes=sizes,
            rng=random.Random(options["random_seed"]),  # noqa: S311 (sample data)
            batch_size=options["batch_size"],
            write=lambda line: self.stdout.write(line),
            progress=not options["no_progress"] and sys.stdout.isatty(),
        )
        started = time.monotonic()
        with transaction.atomic():
            for section in SECTIONS:
                self.stdout.write(f"{section.name}:")
                section.run(ctx)
        if connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load, and the visibility map and hint bits
            # (without VACUUM, the first searches read every heap page).
            # VACUUM cannot run inside a transaction (a test's), ANALYZE can.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.0f}s: "
                + ", ".join(f"{count} {label}" for label, count in ctx.created.items())
                + f". Every bulk user's password is {BULK_PASSWORD!r}."
            )
        )
