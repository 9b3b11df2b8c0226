"""Revoke delegated rights from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.management.commands._actor import (
    actor_label,
    add_actor_argument,
    resolve_actor,
    resolve_user,
)
from accounts.models import PermissionGrant
from accounts.services import permission_revoke
from intrasphere.commands import WritingCommand


class Command(WritingCommand):
    help = (
        "Revoke a grant by its number (--grant), or every unrevoked grant of a right held by a "
        "user (username right). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Whose grants to revoke.")
        parser.add_argument(
            "right", nargs="?", help="The right, e.g. content.manage_announcements."
        )
        parser.add_argument("--grant", type=int, help="The number of one grant to revoke.")
        add_actor_argument(parser)

    def handle(self, *args, username=None, right=None, grant=None, actor=None, **options):
        dry_run = options["dry_run"]
        if grant is None and not (username and right and "." in right):
            raise CommandError(
                "Give either --grant NUMBER or a username and a right (app.codename)."
            )
        revoked = []
        with self.writing(dry_run=dry_run):
            admin = resolve_actor(actor)
            for item in self._grants(username, right, grant):
                try:
                    revoked.append(permission_revoke(actor=admin, grant=item))
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from None
        done = "Would revoke" if dry_run else "Revoked"
        for item in revoked:
            self.stdout.write(
                self.outcome(
                    f"{done} grant #{item.pk} ({item.perm}), by {actor_label(admin)}.", dry_run
                )
            )

    def _grants(self, username, right, number) -> list[PermissionGrant]:
        if number is not None:
            grants = list(PermissionGrant.objects.filter(pk=number))
            if not grants:
                raise CommandError(f"No grant has the number {number}.")
            return grants
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
        return grants
