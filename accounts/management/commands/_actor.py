"""The `--actor` option of the commands that act for someone (grant, revoke, deactivate).

Without `--actor` the audit log records the `system` actor: never a guessed administrator, who
would then appear to have done what an operator did from the command line.
"""

from django.core.management.base import CommandError

from accounts.models import User


def add_actor_argument(parser) -> None:
    parser.add_argument(
        "--actor",
        help=(
            "Username of the active administrator this is done for, as recorded in the audit "
            "log (default: the 'system' actor)."
        ),
    )


def resolve_actor(username: str | None) -> User | None:
    """The named active administrator, or None (the system) without a name."""
    if not username:
        return None
    actor = User.objects.filter(is_superuser=True, is_active=True, username=username).first()
    if actor is None:
        raise CommandError(f"No active administrator has the username {username!r}.")
    return actor


def actor_label(actor: User | None) -> str:
    return actor.get_username() if actor is not None else "system"


def resolve_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No account has the username {username!r}.")
    return user
