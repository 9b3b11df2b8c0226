"""Deactivate an account from the command line: it is signed out everywhere at once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from accounts.management.commands._actor import (
    actor_label,
    add_actor_argument,
    resolve_actor,
    resolve_user,
)
from accounts.services import user_deactivate
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = "Deactivate a user: their sessions end at once and they can no longer sign in."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account to deactivate.")
        add_actor_argument(parser)

    def handle(self, *args, username, actor=None, dry_run=False, **options):
        with self.writing(dry_run=dry_run):
            admin = resolve_actor(actor)
            user = resolve_user(username)
            try:
                user_deactivate(actor=admin, user=user)
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", None) or [str(error)]
                raise CommandError(" ".join(messages)) from None
        verb = "would be" if dry_run else "is"
        self.stdout.write(
            self.outcome(
                f"{username} {verb} deactivated and signed out (by {actor_label(admin)}).", dry_run
            )
        )
