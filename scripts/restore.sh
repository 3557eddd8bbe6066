#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: BACKUP=<its folder>. Replaces the database
# of DATABASE_URL (pg_restore --clean, in one transaction) and the files of MEDIA_ROOT.
# Both files are checked against their SHA-256 sums first, so a damaged backup changes
# nothing. Afterwards the site's cache is emptied and the CDN purged (clear_site_cache):
# nothing cached from the data that was replaced is served again.
set -euo pipefail

cd "$(dirname "$0")/.."
fail() { echo "restore: $*" >&2; exit 1; }

DATABASE_URL="${DATABASE_URL:-}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  "") fail "DATABASE_URL is not set; backups restore into a PostgreSQL database (postgres://user@host:5432/name)" ;;
  *) fail "DATABASE_URL is not a PostgreSQL database (${DATABASE_URL%%:*}); only PostgreSQL can be restored" ;;
esac
command -v pg_restore >/dev/null || fail "pg_restore not found; install the PostgreSQL client (postgresql-client)"

BACKUP="${BACKUP:-}"
[ -n "$BACKUP" ] || fail "say which backup: make restore BACKUP=backups/<time>"
for file in database.dump media.tar.gz SHA256SUMS; do
  [ -f "$BACKUP/$file" ] || fail "$BACKUP/$file is missing; is $BACKUP a folder made by make backup?"
done
(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || fail "$BACKUP is damaged (checksums differ); nothing restored"

MEDIA_ROOT="${MEDIA_ROOT:-media}"
mkdir -p "$MEDIA_ROOT"
# Unpack next to the media folder first: a broken archive leaves the files as they were.
unpacked="$(mktemp -d "${MEDIA_ROOT%/}.restore.XXXXXX")"
trap 'rm -rf "$unpacked"' EXIT
tar -xzf "$BACKUP/media.tar.gz" -C "$unpacked" --no-same-owner

pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" \
  "$BACKUP/database.dump"

# The folder's contents are replaced, not the folder, which may be a mounted volume.
find "$MEDIA_ROOT" -mindepth 1 -delete
find "$unpacked" -mindepth 1 -maxdepth 1 -exec mv -t "$MEDIA_ROOT" {} +
echo "restored $BACKUP"

# The cache (and the CDN) still hold what was derived from the replaced data.
python=.venv/bin/python
[ -x "$python" ] || python=python3
"$python" manage.py clear_site_cache
