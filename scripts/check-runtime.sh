#!/usr/bin/env bash
# Checks the slim runtime of the inference image end to end, without Docker: builds the jlink
# runtime with scripts/build-runtime.sh (the script the Dockerfile runs), trains a TF-IDF text model
# on sms-spam into a temporary registry with the launcher, serves it with the jlink'd java (the
# launcher's JVM flags, 127.0.0.1, a free port), waits for /ready, classifies one message, checks
# the answer and the metrics, and stops the server. Exits non-zero on any failure.
# Run after `./mvnw install` (needs examples/target/mle4j.jar and lib/, and $MLE4J_DATA/text/sms-spam).
#
# Usage: scripts/check-runtime.sh [--app DIR]   (DIR holds mle4j.jar and lib/; default examples/target)
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
mle4j_pick_jdk
mle4j_pick_data

app="$MLE4J_ROOT/examples/target"
case "${1:-}" in
  --app) app="$2" ;;
  --app=*) app="${1#--app=}" ;;
  "") ;;
  *) echo "usage: scripts/check-runtime.sh [--app DIR]" >&2; exit 2 ;;
esac
[ -d "$app" ] || { echo "check-runtime: --app $app is not a folder" >&2; exit 2; }
app="$(cd "$app" && pwd)"
fail() { echo "check-runtime: FAILED: $*" >&2; exit 1; }
[ -f "$app/mle4j.jar" ] || fail "$app/mle4j.jar missing (run ./mvnw -B install first)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the launcher's JVM flags (see ./mle4j); the runtime is JDK >= 23, which needs the Unsafe opt-in
jvm_flags=(--sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true
  --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
export MLE4J_HOME="$work/home"
unset MLE4J_API_KEY MLE4J_REGISTRY MLE4J_RAG_INDEX

# 1. the runtime, made by the same script as the Docker image's
"$MLE4J_ROOT/scripts/build-runtime.sh" "$work/runtime" --app "$app" >"$work/runtime.log" 2>&1 \
  || { cat "$work/runtime.log" >&2; fail "scripts/build-runtime.sh failed"; }
runtime_java="$work/runtime/bin/java"
modules="$(cat "$work/runtime/mle4j-modules.txt")"
size_mb="$(du -sm "$work/runtime" | cut -f1)"
"$runtime_java" -version >/dev/null 2>&1 || fail "the jlink'd java does not start"

# 2. a small real model, trained with the launcher (the full JDK)
if [ "$app" = "$MLE4J_ROOT/examples/target" ]; then
  train=("$MLE4J_ROOT/mle4j")
else
  train=("$JAVA_HOME/bin/java" "${jvm_flags[@]}" -Dmle4j.root="$MLE4J_ROOT" -jar "$app/mle4j.jar")
fi
MLE4J_JAVA_OPTS="-Xmx1g" "${train[@]}" text train --dataset sms-spam --quick \
  --registry "$work/registry" --out "$work/train" >"$work/train.log" 2>&1 \
  || { tail -20 "$work/train.log" >&2; fail "training sms-spam failed"; }
grep -q '^registered sms-spam version' "$work/train.log" || fail "training registered no model"

# 3. serve it with the jlink'd runtime on a free port (--port 0; the port is read from the banner)
"$runtime_java" -Xmx512m "${jvm_flags[@]}" -Dmle4j.root="$MLE4J_ROOT" -jar "$app/mle4j.jar" \
  serve --host=127.0.0.1 --port=0 --registry="$work/registry" --models=sms-spam --no-rag \
  >"$work/serve.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 300); do
  base="$(sed -n 's/^serving .* at \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/serve.log" | head -1)"
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "the server exited"; }
  sleep 0.2
done
[ -n "$base" ] || { cat "$work/serve.log" >&2; fail "the server did not start within 60 s"; }
ready=""
for _ in $(seq 1 150); do
  if curl -fsS -o /dev/null "$base/ready"; then ready=yes; break; fi
  sleep 0.2
done
[ -n "$ready" ] || fail "$base/ready never answered 200"
curl -fsS "$base/health" | grep -q '"UP"' || fail "$base/health is not UP"

# 4. one real prediction
status="$(curl -sS -o "$work/answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"text": "WINNER!! You have won a 1000 GBP prize. Call 09061701461 now to claim"}' \
  "$base/v1/models/sms-spam/classify")"
answer="$(cat "$work/answer.json")"
[ "$status" = 200 ] || fail "classify answered HTTP $status: $answer"
label="$(grep -o '"label":"[^"]*"' <<<"$answer" | head -1 | cut -d'"' -f4)"
case "$label" in
  ham|spam) ;;
  *) fail "no ham/spam label in the answer: $answer" ;;
esac
curl -fsS "$base/metrics" | grep -q '^mle4j_requests_total{.*model="sms-spam"' \
  || fail "$base/metrics has no mle4j_requests_total for sms-spam"

echo "check-runtime: jlink runtime (${size_mb} MB, modules ${modules}) served sms-spam: ${answer}"
