#!/usr/bin/env bash
# Restore an IntraSphere backup made by backup.sh (docs/operations.md, "Backups").
#
#   createdb intrasphere_restored        # an EMPTY database; the portal is stopped
#   DATABASE_URL=postgres://…/intrasphere_restored MEDIA_ROOT=/srv/intrasphere/media \
#   SECRET_KEY=… REDIS_URL=… deploy/backup/restore.sh DIR
#
# Then: the database and media are back, migrations applied if the code is newer than the
# dump, every referenced file checked, and the cache emptied (it describes the database as it
# was before the restore). Purge Celery's queue as well when its broker is another Redis
# database (`celery -A intrasphere purge -f`): queued jobs may name rows the restore removed.
set -euo pipefail
src="${1:?usage: restore.sh DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must name the empty PostgreSQL database to restore into}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the media directory to restore into}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"

(cd "$src" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$src/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -xzf "$src/media.tar.gz" -C "$MEDIA_ROOT"
cd "$root"
"$python" manage.py migrate --noinput
"$python" manage.py check_media
"$python" manage.py clear_cache
echo "Restored $src into the database and $MEDIA_ROOT"
