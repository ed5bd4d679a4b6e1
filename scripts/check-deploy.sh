#!/usr/bin/env bash
# Validates the deployment recipes under deploy/ offline (scripts/validate_deploy.py): Kubernetes
# objects against the Kubernetes OpenAPI schemas (kubernetes-validate), the Cloud Run service against
# the run.v1 API schemas (google-api-python-client's discovery document), the AWS request bodies
# against botocore's service models, and the Hugging Face Space front matter; then breaks each file on
# purpose and checks the validator rejects it. Tools come from PyPI into a cached venv.
# Usage: ./scripts/check-deploy.sh
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
PINS="kubernetes-validate==1.37.0 botocore==1.44.8 google-api-python-client==2.202.0 PyYAML==6.0.3"
VENV="$CACHE/deploy-validate-venv"
PYTHON="${PYTHON:-python3}"
if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$PINS" ]; then
  echo "check-deploy: installing $PINS into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install -q $PINS
  echo "$PINS" > "$VENV/.installed"
fi
"$VENV/bin/python" "$MLE4J_ROOT/scripts/validate_deploy.py" "$MLE4J_ROOT" --self-test
