#!/usr/bin/env bash
# The test command: sets up what the tests need (JDK >= 21, data folder, Debian packages), then runs
# format/lint checks, every module's unit tests, the coverage report, sources and Javadoc jars (installed
# into the local repository), then builds and runs the consumer project against them, serves a
# prediction from the jlink'd runtime, runs the DVC pipeline, checks the Airflow DAGs, validates the
# deployment recipes and builds the documentation site.
# Usage: ./scripts/test.sh [extra maven args]
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
mle4j_pick_jdk
mle4j_pick_data
"$MLE4J_ROOT/scripts/fetch-data.sh"
"$MLE4J_ROOT/scripts/fetch-ames.sh" || echo "test.sh: Ames housing data (r-cran-modeldata) not fetched; its tests will be skipped"
"$MLE4J_ROOT/scripts/fetch-pgdoc.sh" || echo "test.sh: PostgreSQL manual (postgresql-doc-15) not fetched; its tests will be skipped"
"$MLE4J_ROOT/scripts/fetch-fashion-mnist.sh" || echo "test.sh: Fashion-MNIST (dataset-fashion-mnist) not fetched; its tests will be skipped"
"$MLE4J_ROOT/scripts/fetch-efficientnet.sh" || echo "test.sh: EfficientNet-Lite0 weights not fetched; the pretrained-backbone tests will be skipped"
"$MLE4J_ROOT/scripts/fetch-redis.sh" || echo "test.sh: redis-server not installed; the Redis feature-store tests will be skipped"
"$MLE4J_ROOT/scripts/fetch-browser.sh" || echo "test.sh: chromium/chromedriver not installed; the browser test will be skipped"
echo "test.sh: JAVA_HOME=$JAVA_HOME ($(java -version 2>&1 | head -1)), MLE4J_DATA=${MLE4J_DATA:-unset}"
cd "$MLE4J_ROOT"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Xmx1g"
./mvnw -B install "$@"
# a project outside the reactor builds against the installed artifacts (BOM + ml-nlp) and runs
"$MLE4J_ROOT/scripts/check-consumer.sh"
# the slim inference runtime: jlink'd from the launcher's jdeps module list, serves a real prediction
"$MLE4J_ROOT/scripts/check-runtime.sh"
# the DVC pipelines: dvc repro prepare -> train -> evaluate, status, metrics, push/pull, params diff
"$MLE4J_ROOT/scripts/check-dvc.sh"
# the Airflow DAGs: import check, then one real run of the training DAG through the launcher
"$MLE4J_ROOT/scripts/check-airflow.sh" --run
# the deployment recipes (Kubernetes, Cloud Run, AWS, Spaces) against their published schemas, offline
"$MLE4J_ROOT/scripts/check-deploy.sh"
# the documentation site: strict MkDocs build, aggregated Javadoc as api/, link check
"$MLE4J_ROOT/scripts/build-docs.sh" "$@"
