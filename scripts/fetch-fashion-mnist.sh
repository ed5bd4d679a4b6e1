#!/usr/bin/env bash
# Fetches Fashion-MNIST (Zalando, 60,000 training and 10,000 test images of 28x28 grayscale
# clothing, 10 classes) for dev.mle4j.vision.data.FashionMnist: downloads the Debian package
# dataset-fashion-mnist with 'apt-get download' (no root needed when the apt lists are present) and
# extracts it with 'dpkg-deb -x' into the cache root with the layout the Java code expects:
#   $MLE4J_CACHE (default ~/.cache/mle4j/data)/debian/dataset-fashion-mnist/usr/share/datasets/fashion-mnist
# holding the four gzipped IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
# t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).
# The folder appears atomically (extracted beside it, then renamed). Idempotent: does nothing when
# the files are already there, in $MLE4J_FASHION_MNIST_DIR or installed system-wide.
# Prints one line. Usage: ./scripts/fetch-fashion-mnist.sh
set -euo pipefail

PACKAGE="dataset-fashion-mnist"
REL="usr/share/datasets/fashion-mnist"

# true when $1 holds the four IDX files (gzipped or plain)
holds() {
  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$1/$f.gz" ] || [ -f "$1/$f" ] || return 1
  done
}

. "$(dirname "${BASH_SOURCE[0]}")/debian-package.sh"
mle4j_fetch_deb fetch-fashion-mnist "$PACKAGE" "$REL" fashion-mnist train-images-idx3-ubyte.gz \
  "FashionMnist.fetchDebian(cache)" \
  "${MLE4J_FASHION_MNIST_DIR:-}" /usr/share/datasets/fashion-mnist
