#!/usr/bin/env bash
# Fetches the Ames housing data (De Cock, 2,930 sales; the R data set modeldata::ames) for
# dev.mle4j.tabular.data.AmesHousing: downloads the Debian package r-cran-modeldata with
# 'apt-get download' (no root needed when the apt lists are present) and extracts it with
# 'dpkg-deb -x' into the cache root with the layout the Java code expects:
#   $MLE4J_CACHE (default ~/.cache/mle4j/data)/debian/r-cran-modeldata/usr/lib/R/site-library/modeldata
# The folder appears atomically (extracted beside it, then renamed). Idempotent: does nothing when
# the package is already there, in $MLE4J_AMES_DIR or installed system-wide.
# Prints one line. Usage: ./scripts/fetch-ames.sh
set -euo pipefail

PACKAGE="r-cran-modeldata"
REL="usr/lib/R/site-library/modeldata"
CACHE="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
DEST="$CACHE/debian/$PACKAGE"

# true when $1 holds the R package's lazy-load database
holds() {
  [ -f "$1/data/Rdata.rdx" ] && [ -f "$1/data/Rdata.rdb" ]
}

for dir in "${MLE4J_AMES_DIR:-}" "${MLE4J_AMES_DIR:+$MLE4J_AMES_DIR/$REL}" \
    /usr/lib/R/site-library/modeldata "$DEST/$REL"; do
  if [ -n "$dir" ] && holds "$dir"; then
    echo "fetch-ames: modeldata present in $dir"
    exit 0
  fi
done

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-ames: $tool not found; on Debian/Ubuntu install apt and dpkg, elsewhere download $PACKAGE from https://packages.debian.org/bookworm/all/$PACKAGE/download and call AmesHousing.installDeb(file)" >&2
    exit 1
  fi
done

mkdir -p "$CACHE/debian"
WORK="$(mktemp -d "$CACHE/debian/.fetch-ames.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if ! (cd "$WORK" && apt-get download "$PACKAGE" >"$WORK/apt-get.log" 2>&1) \
    && [ "$(id -u)" = 0 ]; then
  # a fresh machine may have no package lists yet: refresh them once (root only) and retry
  apt-get update -qq >"$WORK/apt-update.log" 2>&1 || true
fi
if [ ! -f "$(ls "$WORK"/"$PACKAGE"_*.deb 2>/dev/null | head -1)" ] \
    && ! (cd "$WORK" && apt-get download "$PACKAGE" >"$WORK/apt-get.log" 2>&1); then
  echo "fetch-ames: 'apt-get download $PACKAGE' failed: $(tail -n 3 "$WORK/apt-get.log" | tr '\n' ' ')(run 'apt-get update' as root if the package is unknown)" >&2
  exit 1
fi
DEB="$(ls "$WORK"/"$PACKAGE"_*.deb)"
dpkg-deb -x "$DEB" "$WORK/root"
if ! holds "$WORK/root/$REL"; then
  echo "fetch-ames: $DEB does not contain $REL/data/Rdata.rdx" >&2
  exit 1
fi
rm -rf "$DEST"
mv -T "$WORK/root" "$DEST"
echo "fetch-ames: $(basename "$DEB") extracted into $DEST"
