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

# true when $1 holds the R package's lazy-load database
holds() {
  [ -f "$1/data/Rdata.rdx" ] && [ -f "$1/data/Rdata.rdb" ]
}

. "$(dirname "${BASH_SOURCE[0]}")/debian-package.sh"
mle4j_fetch_deb fetch-ames "$PACKAGE" "$REL" modeldata data/Rdata.rdx \
  "AmesHousing.installDeb(file)" \
  "${MLE4J_AMES_DIR:-}" "${MLE4J_AMES_DIR:+$MLE4J_AMES_DIR/$REL}" /usr/lib/R/site-library/modeldata
