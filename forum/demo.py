"""Demo forum: a few categories, topics and replies (idempotent)."""

from accounts.models import User
from forum import services
from forum.models import Category, Topic

CATEGORIES = [
    {
        "slug": "general",
        "name": "General",
        "description": "Everything about life at the company.",
        "colour": "#2450b3",
        "icon": "chat",
        "order": 1,
    },
    {
        "slug": "it-help",
        "name": "IT help",
        "description": "Laptops, accounts, printers: ask the IT team and your colleagues.",
        "colour": "#1d7a46",
        "icon": "monitor",
        "order": 2,
    },
    {
        "slug": "ideas",
        "name": "Ideas box",
        "description": "Suggest improvements; a moderator checks each new idea first.",
        "colour": "#7b3fb5",
        "icon": "idea",
        "order": 3,
        "requires_topic_validation": True,
    },
]

TOPICS = [
    (
        "general",
        "admin",
        "Welcome to the forum!",
        "Use this forum instead of reply-all emails. Be kind, stay on topic, and **like** the "
        "answers that helped you.",
        [
            ("marie.martin", "Great idea! @pierre.dubois, the sales team will love it."),
            ("pierre.dubois", "> the sales team will love it\n\nWe do. Thanks!"),
        ],
    ),
    (
        "it-help",
        "pierre.dubois",
        "How do I connect to the VPN from home?",
        "The VPN client asks for a certificate I do not have. Any idea?",
        [("admin", "Open the *Software centre*, install **VPN profile 2025**, then restart.")],
    ),
    (
        "ideas",
        "pierre.dubois",
        "A bike shed near the main entrance",
        "Many of us cycle to work; a covered bike shed would help in winter.",
        [],
    ),
]


def seed(people: dict[str, User]) -> int:
    """Create the demo categories and conversations once; returns the topics created."""
    categories = {}
    for spec in CATEGORIES:
        spec = dict(spec)
        slug = spec.pop("slug")
        categories[slug], _created = Category.objects.get_or_create(slug=slug, defaults=spec)
    created = 0
    for slug, author, title, content, replies in TOPICS:
        category = categories[slug]
        if Topic.objects.filter(category=category, title=title).exists():
            continue
        topic = services.topic_create(
            author=people[author], category=category, title=title, content=content
        )
        created += 1
        for replier, text in replies:
            post = services.post_create(author=people[replier], topic=topic, content=text)
            if replier != author:
                services.like_toggle(user=people[author], post=post)
    return created
