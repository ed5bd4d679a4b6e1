"""mle4j feature refresh as an Apache Airflow DAG.

Every hour, moves the feature rows that arrived since the last run from the offline store (Parquet,
queried with DuckDB) to the online store with ``mle4j tabular features materialize --incremental``
(a stored watermark per feature view makes re-runs cheap and never moves a row twice), then reads
one entity back with ``mle4j tabular features get`` as a smoke check.

Configuration (environment of the Airflow workers):
  MLE4J_HOME_DIR        the mle4j checkout (holds the ``mle4j`` launcher); default: two folders up
  MLE4J_FEATURE_VIEWS   comma-separated feature-view definition files (YAML/JSON)
  MLE4J_OFFLINE_STORE   offline store folder; default ~/.mle4j/features/offline
  MLE4J_ONLINE_STORE    online store, e.g. redis://127.0.0.1:6379; default: the launcher's default
  MLE4J_SMOKE_VIEW, MLE4J_SMOKE_KEY  the entity read back after materializing (optional)
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.operators.bash import BashOperator

CHECKOUT = Path(os.environ.get("MLE4J_HOME_DIR", Path(__file__).resolve().parents[2]))
LAUNCHER = CHECKOUT / "mle4j"
VIEWS = [v for v in os.environ.get("MLE4J_FEATURE_VIEWS", "").split(",") if v.strip()]
OFFLINE = os.environ.get(
    "MLE4J_OFFLINE_STORE", str(Path.home() / ".mle4j" / "features" / "offline")
)
ONLINE = os.environ.get("MLE4J_ONLINE_STORE", "")
ONLINE_ARG = f" --online '{ONLINE}'" if ONLINE else ""

with DAG(
    dag_id="mle4j_feature_refresh",
    description="incremental offline -> online materialization of mle4j feature views",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "mle4j",
        "retries": 3,
        "retry_delay": timedelta(seconds=20),
        "retry_exponential_backoff": True,
    },
    tags=["mle4j", "features"],
) as dag:
    materialized = []
    for i, view in enumerate(VIEWS or ["<set MLE4J_FEATURE_VIEWS>"]):
        materialized.append(
            BashOperator(
                task_id=f"materialize_{i}",
                bash_command=(
                    f"{LAUNCHER} tabular features materialize --view-config '{view.strip()}'"
                    f" --offline '{OFFLINE}'{ONLINE_ARG} --incremental"
                ),
            )
        )
    smoke_view = os.environ.get("MLE4J_SMOKE_VIEW")
    smoke_key = os.environ.get("MLE4J_SMOKE_KEY")
    if smoke_view and smoke_key:
        check = BashOperator(
            task_id="read_back",
            bash_command=(
                f"{LAUNCHER} tabular features get --view '{smoke_view}' --key '{smoke_key}'"
                f"{ONLINE_ARG}"
            ),
        )
        for m in materialized:
            m >> check
