#!/usr/bin/env bash
# Back up the site: the PostgreSQL database of DATABASE_URL (pg_dump, custom format) and
# the uploaded files of MEDIA_ROOT (tar.gz), into a new folder BACKUP_DIR/<UTC time>/.
# The folder appears only once both are complete, with their SHA-256 sums; restore it
# with scripts/restore.sh (make restore BACKUP=...).
set -euo pipefail

cd "$(dirname "$0")/.."
fail() { echo "backup: $*" >&2; exit 1; }

DATABASE_URL="${DATABASE_URL:-}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  "") fail "DATABASE_URL is not set; backups are of a PostgreSQL database (postgres://user@host:5432/name)" ;;
  *) fail "DATABASE_URL is not a PostgreSQL database (${DATABASE_URL%%:*}); only PostgreSQL can be backed up" ;;
esac
command -v pg_dump >/dev/null || fail "pg_dump not found; install the PostgreSQL client (postgresql-client)"

MEDIA_ROOT="${MEDIA_ROOT:-media}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
target="$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
[ ! -e "$target" ] || fail "$target already exists"
partial="$target.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

pg_dump --format=custom --file="$partial/database.dump" --dbname="$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
  tar -czf "$partial/media.tar.gz" -C "$MEDIA_ROOT" .
else
  echo "backup: no media folder at $MEDIA_ROOT; backing up an empty one" >&2
  tar -czf "$partial/media.tar.gz" -T /dev/null
fi
(cd "$partial" && sha256sum database.dump media.tar.gz > SHA256SUMS)

mv "$partial" "$target"
trap - EXIT
echo "$target"
