#!/usr/bin/env bash
# Validates the deployment recipes under deploy/ offline (scripts/validate_deploy.py): Kubernetes
# objects against the Kubernetes OpenAPI schemas (kubernetes-validate), the Cloud Run service against
# the run.v1 API schemas (google-api-python-client's discovery document), the AWS request bodies
# against botocore's service models, and the Hugging Face Space front matter; then breaks each file on
# purpose and checks the validator rejects it. Tools come from PyPI into a cached venv.
# Usage: ./scripts/check-deploy.sh
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
VENV="$(mle4j_venv deploy-validate kubernetes-validate==1.37.0 botocore==1.44.8 \
  google-api-python-client==2.202.0 PyYAML==6.0.3)"
"$VENV/bin/python" "$MLE4J_ROOT/scripts/validate_deploy.py" "$MLE4J_ROOT" --self-test
