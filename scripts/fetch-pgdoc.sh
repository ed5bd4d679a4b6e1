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

# true when $1 holds the manual's HTML
holds() {
  [ -f "$1/index.html" ] && [ -f "$1/sql-createtable.html" ]
}

. "$(dirname "${BASH_SOURCE[0]}")/debian-package.sh"
mle4j_fetch_deb fetch-pgdoc "$PACKAGE" "$REL" "PostgreSQL manual" index.html \
  "PostgresManual.installDeb(file)" \
  "${MLE4J_PGDOC_DIR:-}" "${MLE4J_PGDOC_DIR:+$MLE4J_PGDOC_DIR/$REL}" "/$REL"
