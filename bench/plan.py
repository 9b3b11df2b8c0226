"""What the bench requests: the pages, their weights and roles, from the seed_bulk database.

Runs inside Django (the bench calls `build_plan()` after `django.setup()`), before the server
starts. Each domain is one function adding `Target`s.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone

from intrasphere.roof.management.commands.seed_bulk import (
    BIG_TOPIC_TITLE,
    BULK_PASSWORD,
    SEATED_BENCH_TRAININGS,
    bulk_usernames,
)


@dataclass
class Target:
    """One page of the mix. `paths` are picked at random; POST targets carry form data."""

    name: str
    paths: list[str]
    roles: list[str]
    weight: float
    method: str = "GET"
    data: list[dict[str, str]] = field(default_factory=lambda: [{}])
    limit_ms: float = 100.0  # p95 target at 40 req/s
    min_ratio: float = 0.30  # throughput target at saturation, relative to the ceiling
    saturate: bool = True  # measured alone at saturation (reads only)
    token: bool = False  # sent with the user's API token (Authorization: Bearer), no cookie


def _core() -> list[Target]:
    return [
        Target("dashboard", ["/"], ["employee", "moderator", "handler", "admin"], 3, min_ratio=0.2),
        Target(
            "search",
            ["/search/?q=budget+meeting", "/search/?q=security+policy", "/search/?q=laptop"],
            ["employee"],
            1,
            limit_ms=200,
            min_ratio=0.2,
        ),
        Target("directory", ["/people/"], ["employee"], 1),
    ]


def _content(rng: random.Random) -> list[Target]:
    from content.models import Announcement, Event

    now = timezone.now()
    announcements = list(
        Announcement.objects.filter(audience_restricted=False, publish_at__lte=now)
        .order_by("-publish_at")
        .values_list("pk", flat=True)[:200]
    )
    events = list(
        Event.objects.filter(starts_at__gt=now, capacity__isnull=True)
        .order_by("starts_at")
        .values_list("pk", flat=True)[:100]
    )
    return [
        Target("announcement list", ["/announcements/"], ["employee"], 2),
        Target(
            "announcement detail",
            [f"/announcements/{pk}/" for pk in announcements],
            ["employee"],
            2,
        ),
        Target("document library", ["/documents/"], ["employee"], 1.5),
        Target("events calendar", ["/events/calendar/"], ["employee"], 1),
        Target(
            "write: event RSVP",
            [f"/events/{pk}/rsvp/" for pk in events],
            ["employee"],
            0.3,
            method="POST",
            data=[{"status": "going"}, {"status": "not_going"}],
            saturate=False,
        ),
    ]


def _forum(rng: random.Random) -> list[Target]:
    from forum.models import Post, Topic

    big = Topic.objects.select_related("category").get(title=BIG_TOPIC_TITLE)
    last_page = max(1, math.ceil(big.posts.count() / settings.PAGE_SIZE))
    others = list(Topic.objects.exclude(pk=big.pk).order_by("?").values_list("pk", flat=True)[:50])
    posts = list(
        Post.objects.filter(topic_id__in=others).order_by("?").values_list("pk", flat=True)[:200]
    )
    return [
        Target("forum index", ["/forum/"], ["employee"], 2),
        Target("topic list", [big.category.get_absolute_url()], ["employee"], 2),
        Target(
            "topic page (500 posts, last page)",
            [f"{big.get_absolute_url()}?page={last_page}"],
            ["employee", "moderator"],
            2,
        ),
        Target(
            "write: forum reply",
            [f"/forum/t/{pk}/reply/" for pk in others],
            ["employee"],
            0.4,
            method="POST",
            data=[{"content": "Benchmark reply: thanks, this helps the budget meeting."}],
            saturate=False,
        ),
        Target(
            "write: like",
            [f"/forum/p/{pk}/like/" for pk in posts],
            ["employee"],
            0.4,
            method="POST",
            saturate=False,
        ),
    ]


def _complaints(rng: random.Random) -> list[Target]:
    return [
        Target("complaints (handler)", ["/complaints/handling/"], ["handler"], 1),
        Target(
            "write: complaint",
            ["/complaints/new/"],
            ["employee"],
            0.2,
            method="POST",
            data=[
                {
                    "title": "Benchmark: the printer on floor 2 is jammed",
                    "description": "It has been jammed since this morning.",
                    "category": "it",
                    "priority": "normal",
                }
            ],
            saturate=False,
        ),
    ]


def _training(rng: random.Random) -> list[Target]:
    from training.models import Lesson, Quiz, Training

    now = timezone.now()
    # The bench's employees are seated in the first trainings (seed_bulk): their lessons and
    # quizzes open; registration goes to the open trainings after those.
    first = list(
        Training.objects.order_by("pk").values_list("pk", flat=True)[:SEATED_BENCH_TRAININGS]
    )
    lessons = list(
        Lesson.objects.filter(course__training_id__in=first, quiz__isnull=True)
        .order_by("?")
        .values_list("pk", flat=True)[:100]
    )
    quizzes = list(
        Quiz.objects.filter(lesson__course__training_id__in=first)
        .order_by("?")
        .values_list("pk", flat=True)[:50]
    )
    open_ = Training.objects.filter(is_active=True, is_visible=True, end_date__gt=now)
    # A tiny database has only the seated trainings: registering there is refused (a redirect).
    register = list(open_.exclude(pk__in=first).order_by("?").values_list("pk", flat=True)[:100])
    register = register or first
    return [
        Target("training catalog", ["/trainings/"], ["employee"], 1.5),
        Target("training detail", [f"/trainings/{pk}/" for pk in first], ["employee"], 1.5),
        Target("lesson page", [f"/trainings/lessons/{pk}/" for pk in lessons], ["employee"], 1.5),
        Target("quiz page", [f"/trainings/quizzes/{pk}/" for pk in quizzes], ["employee"], 1),
        Target(
            "write: training registration",
            [f"/trainings/{pk}/register/" for pk in register],
            ["employee"],
            0.3,
            method="POST",
            saturate=False,
        ),
    ]


def _api(rng: random.Random) -> list[Target]:
    """The REST API's busiest lists, as a program calls them: with a personal token."""
    return [
        Target("API: announcements", ["/api/v1/announcements"], ["employee"], 1, token=True),
        Target("API: trainings", ["/api/v1/trainings"], ["employee"], 1, token=True),
        Target("API: forum topics", ["/api/v1/forum/topics"], ["employee"], 1, token=True),
    ]


BENCH_TOKEN = "bench"


def _tokens(usernames: list[str]) -> dict[str, str]:
    """A read-only token per virtual user, made by the profile page's service (the previous
    run's bench tokens are revoked first: a person holds at most API_TOKENS_PER_USER)."""
    from datetime import timedelta

    from accounts.models import ApiToken, User
    from accounts.services_tokens import api_token_create, api_token_revoke

    tokens = {}
    expires = timezone.now() + timedelta(days=1)
    for user in User.objects.filter(username__in=usernames):
        for old in ApiToken.objects.filter(user=user, name=BENCH_TOKEN).usable():
            api_token_revoke(actor=user, token=old)
        _token, secret = api_token_create(
            user=user, name=BENCH_TOKEN, expires_at=expires, read_only=True
        )
        tokens[user.username] = secret
    return tokens


CEILING = Target("ceiling (minimal view)", ["/bench/ceiling/"], ["employee"], 0)
# An empty page in the layout: what every page pays before its own content (a reference).
FLOOR = Target("layout floor (empty page)", ["/bench/floor/"], ["employee"], 0)

# One function per domain; a new domain is one more entry.
DOMAINS = [
    lambda rng: _core(),
    _content,
    _forum,
    _complaints,
    _training,
    _api,
]


def build_plan(seed: int = 9) -> dict:
    from django.core.cache import cache

    cache.clear()  # rate-limit counters and cached pages of an earlier run
    rng = random.Random(seed)  # noqa: S311 (sample choice)
    targets = [target for domain in DOMAINS for target in domain(rng)]
    names = bulk_usernames()
    users = {role: usernames[:6] for role, usernames in names.items()}
    return {
        "password": BULK_PASSWORD,
        "users": users,
        "tokens": _tokens([name for usernames in users.values() for name in usernames]),
        "targets": [asdict(target) for target in targets],
        "ceiling": asdict(CEILING),
        "floor": asdict(FLOOR),
    }
