#!/usr/bin/env bash
# Fetches the PostgreSQL 15 manual (HTML, ~1,170 pages), the default RAG corpus read by
# dev.mle4j.rag.ingest.PostgresManual: downloads the Debian package postgresql-doc-15 with
# 'apt-get download' (no root needed when the apt lists are present) and extracts it with
# 'dpkg-deb -x' into the cache root with the layout the Java code expects:
#   $MLE4J_CACHE (default ~/.cache/mle4j/data)/debian/postgresql-doc-15/usr/share/doc/postgresql-doc-15/html
# The folder appears atomically (extracted beside it, then renamed). Idempotent: does nothing when
# the manual is already there, in $MLE4J_PGDOC_DIR or installed system-wide.
# Prints one line. Usage: ./scripts/fetch-pgdoc.sh
set -euo pipefail

PACKAGE="postgresql-doc-15"
REL="usr/share/doc/postgresql-doc-15/html"
CACHE="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
DEST="$CACHE/debian/$PACKAGE"

# true when $1 holds the manual's HTML
holds() {
  [ -f "$1/index.html" ] && [ -f "$1/sql-createtable.html" ]
}

for dir in "${MLE4J_PGDOC_DIR:-}" "${MLE4J_PGDOC_DIR:+$MLE4J_PGDOC_DIR/$REL}" \
    "/$REL" "$DEST/$REL"; do
  if [ -n "$dir" ] && holds "$dir"; then
    echo "fetch-pgdoc: PostgreSQL manual present in $dir"
    exit 0
  fi
done

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-pgdoc: $tool not found; on Debian/Ubuntu install apt and dpkg, elsewhere download $PACKAGE from https://packages.debian.org/bookworm/all/$PACKAGE/download and call PostgresManual.installDeb(file)" >&2
    exit 1
  fi
done

mkdir -p "$CACHE/debian"
WORK="$(mktemp -d "$CACHE/debian/.fetch-pgdoc.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if ! (cd "$WORK" && apt-get download "$PACKAGE" >"$WORK/apt-get.log" 2>&1) \
    && [ "$(id -u)" = 0 ]; then
  # a fresh machine may have no package lists yet: refresh them once (root only) and retry
  apt-get update -qq >"$WORK/apt-update.log" 2>&1 || true
fi
if [ ! -f "$(ls "$WORK"/"$PACKAGE"_*.deb 2>/dev/null | head -1)" ] \
    && ! (cd "$WORK" && apt-get download "$PACKAGE" >"$WORK/apt-get.log" 2>&1); then
  echo "fetch-pgdoc: 'apt-get download $PACKAGE' failed: $(tail -n 3 "$WORK/apt-get.log" | tr '\n' ' ')(run 'apt-get update' as root if the package is unknown)" >&2
  exit 1
fi
DEB="$(ls "$WORK"/"$PACKAGE"_*.deb)"
dpkg-deb -x "$DEB" "$WORK/root"
if ! holds "$WORK/root/$REL"; then
  echo "fetch-pgdoc: $DEB does not contain $REL/index.html" >&2
  exit 1
fi
rm -rf "$DEST"
mv -T "$WORK/root" "$DEST"
echo "fetch-pgdoc: $(basename "$DEB") extracted into $DEST"
