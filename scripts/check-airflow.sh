#!/usr/bin/env bash
# Checks the Airflow DAGs in airflow/dags: installs Apache Airflow from PyPI into a cached venv,
# imports the DAG folder with a DagBag (no import errors, the expected DAGs and task chains), and,
# with --run, executes the training DAG once with `airflow dags test` (each task calls the mle4j
# launcher). Prints what it did; exits non-zero on a failed check.
# Usage: ./scripts/check-airflow.sh [--run]
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AIRFLOW_VERSION="${MLE4J_AIRFLOW_VERSION:-2.10.5}"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
VENV="$(mle4j_venv "airflow-$AIRFLOW_VERSION" "apache-airflow==$AIRFLOW_VERSION")"

export AIRFLOW_HOME="$(mktemp -d)"
trap 'rm -rf "$AIRFLOW_HOME"' EXIT
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_FOLDER="$MLE4J_ROOT/airflow/dags"
export AIRFLOW__CORE__UNIT_TEST_MODE=True
export MLE4J_HOME_DIR="$MLE4J_ROOT"

"$VENV/bin/python" - <<'PY'
import os
from airflow.models import DagBag

bag = DagBag(os.environ["AIRFLOW__CORE__DAGS_FOLDER"], include_examples=False)
if bag.import_errors:
    raise SystemExit(f"check-airflow: import errors: {bag.import_errors}")
expected = {
    "mle4j_tabular_training": ["extract", "preprocess", "features", "train", "evaluate", "register"],
    "mle4j_feature_refresh": None,
}
missing = set(expected) - set(bag.dag_ids)
if missing:
    raise SystemExit(f"check-airflow: missing DAGs {sorted(missing)}; found {bag.dag_ids}")
train = bag.dags["mle4j_tabular_training"]
order = [t.task_id for t in train.topological_sort()]
if order != expected["mle4j_tabular_training"]:
    raise SystemExit(f"check-airflow: training DAG order {order}")
for t in train.tasks:
    if t.retries < 1:
        raise SystemExit(f"check-airflow: task {t.task_id} has no retries")
print(f"check-airflow: DagBag OK: {sorted(bag.dag_ids)}; training chain {' -> '.join(order)}")
PY

if [ "${1:-}" = "--run" ]; then
  WORK="$(mktemp -d)"
  export MLE4J_PIPELINE_ROOT="$WORK/pipe" MLE4J_REGISTRY="$WORK/registry" MLE4J_LEARNER=logistic
  "$VENV/bin/airflow" db migrate >/dev/null
  "$VENV/bin/airflow" dags test mle4j_tabular_training 2026-01-01 >"$WORK/dags-test.log" 2>&1 \
    || { tail -n 40 "$WORK/dags-test.log"; echo "check-airflow: airflow dags test failed" >&2; exit 1; }
  versions=$(find "$WORK/registry" -name model-card.json | wc -l)
  echo "check-airflow: airflow dags test ran all 6 tasks; registry holds $versions version(s)"
  [ "$versions" = 1 ] || { echo "check-airflow: expected exactly 1 registered version" >&2; exit 1; }
  rm -rf "$WORK"
fi
