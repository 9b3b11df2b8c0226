"""Send invitations (one-time set-password links) to accounts without a password."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.invitations import invitations_send, pending_invitations, portal_url
from accounts.management.commands._actor import (
    actor_label,
    add_actor_argument,
    resolve_actor,
    resolve_user,
)
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Email a one-time link to choose a password (valid INVITATION_DAYS days) to the named "
        "accounts, or with --pending to every active account without a password that was never "
        "invited or whose link expired. Inviting again replaces the earlier link. Links are "
        "built on PORTAL_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", metavar="USERNAME")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Invite every account still waiting for a (new) invitation.",
        )
        add_actor_argument(parser)

    def handle(self, *args, usernames, pending=False, actor=None, dry_run=False, **options):
        if bool(usernames) == bool(pending):
            raise CommandError("Name the accounts to invite, or give --pending (not both).")
        try:
            portal_url()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with self.writing(dry_run=dry_run):
            admin = resolve_actor(actor)
            users = [resolve_user(name) for name in usernames] if usernames else None
            report = invitations_send(actor=admin, users=users or pending_invitations())
        for user, reason in report.refused:
            self.stderr.write(f"{user.username}: not invited, {reason}")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            self.outcome(
                f"{len(report.sent)} invitation(s) {verb} sent, {len(report.refused)} refused "
                f"(by {actor_label(admin)}).",
                dry_run,
            )
        )
        if report.refused and not report.sent:
            raise CommandError("No invitation was sent.")
