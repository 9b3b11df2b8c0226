"""Anonymise a person for good (GDPR erasure of a leaver; docs/privacy.md)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from accounts.management.commands._actor import (
    actor_label,
    add_actor_argument,
    resolve_actor,
    resolve_user,
)
from accounts.services_privacy import person_anonymise
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Anonymise a person: their identity is cleared and every text copy of their name "
        "rewritten; what they wrote stays under 'Former employee #N'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The account to anonymise.")
        parser.add_argument("--reason", required=True, help="Why (kept in the audit log).")
        add_actor_argument(parser)

    def handle(self, *args, username, reason, actor=None, dry_run=False, **options):
        with self.writing(dry_run=dry_run):
            admin = resolve_actor(actor)
            user = resolve_user(username)
            try:
                counts = person_anonymise(actor=admin, user=user, reason=reason)
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", None) or [str(error)]
                raise CommandError(" ".join(messages)) from None
        for name, count in sorted(counts.items()):
            self.stdout.write(f"  {name}: {count}")
        verb = "would be" if dry_run else "is"
        self.stdout.write(
            self.outcome(f"{username} {verb} anonymised (by {actor_label(admin)}).", dry_run)
        )
