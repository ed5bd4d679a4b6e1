#!/usr/bin/env bash
# Creates (or reuses) the peer venv and runs the Python text-serving peer.
#
#   benchmarks/peers/text_serving_peer.sh --model-dir DIR --port 8091 [--intra-op-threads 2] [--workers 1]
#
# Every argument goes to text_serving_peer.py (see --help). The venv lives at
# ${MLE4J_PEER_VENV:-$HOME/.cache/mle4j/peer-venv}; it is (re)installed from
# requirements-text-serving.txt when missing or when that file changed. Locust is in the same
# venv: "$MLE4J_PEER_VENV/bin/locust -f benchmarks/peers/locustfile_classify.py ...".
# MLE4J_PEER_PYTHON picks the interpreter that creates the venv (default python3, >= 3.10).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${MLE4J_PEER_VENV:-$HOME/.cache/mle4j/peer-venv}"
requirements="$here/requirements-text-serving.txt"
python="${MLE4J_PEER_PYTHON:-python3}"
stamp="$venv/.mle4j-requirements.sha256"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "text_serving_peer.sh: $python not found; install Python 3.10+ or set MLE4J_PEER_PYTHON" >&2
  exit 2
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "text_serving_peer.sh: $python is $("$python" -V 2>&1); Python 3.10+ is required" >&2
  exit 2
fi

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" ]]; then
  echo "text_serving_peer.sh: creating venv $venv" >&2
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "text_serving_peer.sh: installing $requirements into $venv" >&2
  "$venv/bin/python" -m pip install --quiet -r "$requirements"
  echo "$want" >"$stamp"
fi

exec "$venv/bin/python" "$here/text_serving_peer.py" "$@"
