"""`clear_cache`: forget every cached value of this portal (after restoring a backup)."""

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Delete this portal's cached values: page bodies, counters, rights, sessions' cached "
        "copies, rate-limit counters. Run it after restoring a backup (the cache describes the "
        "database as it was before). With Redis only the keys under this portal's "
        "CACHE_KEY_PREFIX are deleted, never the rest of the Redis database. Sessions stay "
        "valid (they are in the database too)."
    )

    def handle(self, *args, **options):
        done: set[tuple] = set()
        for alias, config in settings.CACHES.items():
            where = (config.get("BACKEND"), str(config.get("LOCATION")), config.get("KEY_PREFIX"))
            if where in done:
                continue
            done.add(where)
            cache = caches[alias]
            if hasattr(cache, "delete_pattern"):  # django-redis: this prefix only
                count = cache.delete_pattern("*")
                self.stdout.write(f"{alias}: {count} key(s) deleted under {where[2]!r}")
            else:
                cache.clear()  # this process's own memory
                self.stdout.write(f"{alias}: cleared")
        self.stdout.write(self.style.SUCCESS("Caches cleared."))
