"""Revoke delegated rights from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._actor import add_actor_argument, resolve_actor, resolve_user
from accounts.models import PermissionGrant
from accounts.services import permission_revoke


class Command(BaseCommand):
    help = (
        "Revoke a grant by its number (--grant), or every unrevoked grant of a right held by a "
        "user (username right)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Whose grants to revoke.")
        parser.add_argument(
            "right", nargs="?", help="The right, e.g. content.manage_announcements."
        )
        parser.add_argument("--grant", type=int, help="The number of one grant to revoke.")
        add_actor_argument(parser)

    def handle(self, *args, username=None, right=None, grant=None, actor=None, **options):
        admin = resolve_actor(actor)
        if grant is not None:
            grants = list(PermissionGrant.objects.filter(pk=grant))
            if not grants:
                raise CommandError(f"No grant has the number {grant}.")
        elif username and right and "." in right:
            user = resolve_user(username)
            app_label, codename = right.split(".", 1)
            grants = list(
                PermissionGrant.objects.filter(
                    user=user,
                    revoked_at__isnull=True,
                    permission__content_type__app_label=app_label,
                    permission__codename=codename,
                )
            )
            if not grants:
                raise CommandError(f"{username} holds no unrevoked grant of {right}.")
        else:
            raise CommandError(
                "Give either --grant NUMBER or a username and a right (app.codename)."
            )
        for item in grants:
            try:
                permission_revoke(actor=admin, grant=item)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(self.style.SUCCESS(f"Revoked grant #{item.pk} ({item.perm})."))
