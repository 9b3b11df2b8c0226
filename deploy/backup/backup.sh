#!/usr/bin/env bash
# Back up IntraSphere: the PostgreSQL database, then the media files (docs/operations.md,
# "Backups"). Consistent while the portal runs: the dump is one snapshot; the media archive is
# taken right after it, so a file uploaded in between is at worst present but unreferenced.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/intrasphere/media deploy/backup/backup.sh DIR
#
# DIR receives database.dump (pg_dump's custom format), media.tar.gz and SHA256SUMS.
set -euo pipefail
dest="${1:?usage: backup.sh DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
: "${MEDIA_ROOT:?MEDIA_ROOT must name the media directory}"

mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$DATABASE_URL"
tar -czf "$dest/media.tar.gz" -C "$MEDIA_ROOT" .
(cd "$dest" && sha256sum database.dump media.tar.gz >SHA256SUMS)
echo "Backed up the database and $MEDIA_ROOT to $dest"
