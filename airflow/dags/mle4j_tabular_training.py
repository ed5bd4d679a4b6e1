"""mle4j tabular training pipeline as an Apache Airflow DAG.

Each Airflow task runs one step of mle4j's own pipeline through the launcher
(``mle4j pipeline run --until <step>``). mle4j keys every step by a hash of its inputs and
settings, so a retried or re-run task reuses the work already done and the ``register`` step never
registers the same model twice; Airflow adds the schedule, retries with exponential backoff and
failure alerts.

Configuration (environment of the Airflow workers, or DAG params when triggering):
  MLE4J_HOME_DIR   the mle4j checkout (holds the ``mle4j`` launcher); default: two folders up
  MLE4J_TRAIN_CSV  training CSV; default: the Titanic set under $MLE4J_DATA
  MLE4J_TARGET, MLE4J_TASK, MLE4J_MODEL_NAME, MLE4J_LEARNER, MLE4J_PIPELINE_ROOT, MLE4J_REGISTRY
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.operators.bash import BashOperator

LOG = logging.getLogger(__name__)

CHECKOUT = Path(os.environ.get("MLE4J_HOME_DIR", Path(__file__).resolve().parents[2]))
DATA = Path(os.environ.get("MLE4J_DATA", CHECKOUT.parent / "shared" / "data"))
STEPS = ["extract", "preprocess", "features", "train", "evaluate", "register"]


def alert_on_failure(context):
    """Failure alert: logged here; point an Airflow notifier (Slack, e-mail) at it in production."""
    ti = context.get("task_instance")
    LOG.error(
        "mle4j training step %s failed (try %s) in run %s",
        getattr(ti, "task_id", "?"),
        getattr(ti, "try_number", "?"),
        context.get("run_id"),
    )


default_args = {
    "owner": "mle4j",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "on_failure_callback": alert_on_failure,
}

params = {
    "csv": os.environ.get("MLE4J_TRAIN_CSV", str(DATA / "tabular" / "titanic.csv")),
    "target": os.environ.get("MLE4J_TARGET", "survived"),
    "task": os.environ.get("MLE4J_TASK", "classification"),
    "learner": os.environ.get("MLE4J_LEARNER", "xgboost"),
    "name": os.environ.get("MLE4J_MODEL_NAME", "titanic-airflow"),
    "root": os.environ.get(
        "MLE4J_PIPELINE_ROOT", str(Path.home() / ".mle4j" / "pipelines" / "airflow")
    ),
    "registry": os.environ.get("MLE4J_REGISTRY", str(Path.home() / ".mle4j" / "registry")),
}

COMMAND = (
    f"{CHECKOUT / 'mle4j'} pipeline run"
    " --csv '{{ params.csv }}' --target '{{ params.target }}' --task '{{ params.task }}'"
    " --learner '{{ params.learner }}' --name '{{ params.name }}'"
    " --root '{{ params.root }}' --registry '{{ params.registry }}' --until "
)

with DAG(
    dag_id="mle4j_tabular_training",
    description="extract -> preprocess -> features -> train -> evaluate -> register, via mle4j",
    schedule="0 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params=params,
    tags=["mle4j", "tabular"],
) as dag:
    previous = None
    for step in STEPS:
        task = BashOperator(task_id=step, bash_command=COMMAND + step)
        if previous is not None:
            previous >> task
        previous = task
