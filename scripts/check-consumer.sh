#!/usr/bin/env bash
# Builds and runs consumer/, a project outside the reactor that depends on the mle4j BOM and ml-nlp
# as published artifacts (from the local repository: run after `./mvnw install`). Proves the typed
# APIs work from outside: train, classify, save, load.
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
mle4j_pick_jdk
cd "$MLE4J_ROOT"
target="$MLE4J_ROOT/consumer/target"
./mvnw -B -q -f consumer/pom.xml package -DskipTests
./mvnw -B -q -f consumer/pom.xml dependency:build-classpath -Dmdep.outputFile="$target/classpath.txt"
extra=()
if [ "$(mle4j_java_major "$JAVA_HOME")" -ge 23 ]; then extra+=(--sun-misc-unsafe-memory-access=allow); fi
"$JAVA_HOME/bin/java" "${extra[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$target/classes:$(cat "$target/classpath.txt")" com.example.consumer.ConsumerApp
