"""The `--actor` option shared by the permission commands."""

from django.core.management.base import CommandError

from accounts.models import User


def add_actor_argument(parser) -> None:
    parser.add_argument(
        "--actor",
        help="Username of the administrator recorded in the audit log (default: first superuser).",
    )


def resolve_actor(username: str | None) -> User:
    admins = User.objects.filter(is_superuser=True, is_active=True)
    actor = admins.filter(username=username).first() if username else admins.order_by("pk").first()
    if actor is None:
        if username:
            raise CommandError(f"No active administrator has the username {username!r}.")
        raise CommandError("No active administrator exists: create one or pass --actor.")
    return actor


def resolve_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No account has the username {username!r}.")
    return user
