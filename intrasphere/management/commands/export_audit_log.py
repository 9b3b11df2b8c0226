"""`export_audit_log`: the audit trail for a date range, as CSV."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intrasphere.csv_files import csv_cell, csv_output
from intrasphere.models import AuditLog

COLUMNS = (
    "time",
    "actor_id",
    "actor",
    "action",
    "target_type",
    "target_id",
    "target",
    "summary",
    "ip_address",
)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: use YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Write the audit log entries between --since and --until (inclusive days, in the "
        "portal's time zone) as CSV, oldest first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="First day, YYYY-MM-DD (default: the beginning).")
        parser.add_argument("--until", help="Last day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "-o", "--output", default="-", help="File to write ('-', the default: stdout)."
        )

    def handle(self, *args, since: str | None, until: str | None, output: str, **options):
        entries = AuditLog.objects.order_by("created_at", "pk")
        first = _date(since) if since else None
        last = _date(until) if until else None
        if first and last and first > last:
            raise CommandError(f"--since {first} is after --until {last}")
        zone = timezone.get_current_timezone()
        if first:
            start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
            entries = entries.filter(created_at__gte=start)
        if last:
            end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
            entries = entries.filter(created_at__lt=end.replace(tzinfo=zone))
        count = 0
        try:
            with csv_output(output, stdout=self.stdout) as writer:
                writer.writerow(COLUMNS)
                for entry in entries.iterator(chunk_size=1000):
                    writer.writerow(
                        [
                            csv_cell(value)
                            for value in (
                                timezone.localtime(entry.created_at).isoformat(),
                                entry.actor_id or "",
                                entry.actor_label,
                                entry.action,
                                entry.target_type,
                                entry.target_id,
                                entry.target_label,
                                entry.summary,
                                entry.ip_address or "",
                            )
                        ]
                    )
                    count += 1
        except OSError as exc:
            raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from exc
        if output != "-":
            self.stdout.write(self.style.SUCCESS(f"{count} entries written to {output}."))
