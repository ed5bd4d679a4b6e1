#!/usr/bin/env bash
# Checks the DVC pipelines (dvc.yaml, params.yaml): installs DVC from PyPI into a cached venv, copies
# the checkout's files (tracked and new, not ignored) into a temporary git repository, and there
# runs the fast stages for real through the mle4j launcher (`dvc repro evaluate`: prepare, train,
# evaluate), then checks that `dvc status` reports them up to date, reads the metrics with `dvc
# metrics show`, checks that the evaluate stage's metrics (the saved model loaded back and scored
# on the same test split) equal the train stage's test metrics, pushes data and model to a
# temporary local remote, deletes them and restores them with `dvc pull`, and changes one parameter
# to see `dvc params diff` and `dvc status` report the stage (and not prepare) as changed. The
# checkout itself is never touched (no dvc.lock, no data, no model written into it). Prints what it
# did; exits non-zero on a failed check.
# Usage: ./scripts/check-dvc.sh [STAGE]   (default stage: evaluate; the heavier 'finetune' is manual)
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
mle4j_pick_jdk
mle4j_pick_data
STAGE="${1:-evaluate}"
DVC_VERSION="${MLE4J_DVC_VERSION:-3.67.1}"
export DVC_NO_ANALYTICS=1

fail() {
  echo "check-dvc: $*" >&2
  exit 1
}

VENV="$(mle4j_venv "dvc-$DVC_VERSION" "dvc==$DVC_VERSION")"
DVC="$VENV/bin/dvc"
command -v git >/dev/null 2>&1 || fail "git is required"
[ -f "$MLE4J_ROOT/dvc.yaml" ] || fail "no dvc.yaml in $MLE4J_ROOT"
if [ -n "${MLE4J_DATA:-}" ]; then
  MLE4J_DATA="$(cd "$MLE4J_DATA" && pwd)"
  export MLE4J_DATA
fi

# the launcher jar, built (or rebuilt when stale) in the checkout, is reused by the copy; a copy
# newer than the copied sources, so the copy's launcher does not build it again
"$MLE4J_ROOT/mle4j" --version >"${TMPDIR:-/tmp}/check-dvc-launcher.$$.log" 2>&1 || {
  cat "${TMPDIR:-/tmp}/check-dvc-launcher.$$.log" >&2
  rm -f "${TMPDIR:-/tmp}/check-dvc-launcher.$$.log"
  fail "the mle4j launcher does not start"
}
rm -f "${TMPDIR:-/tmp}/check-dvc-launcher.$$.log"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
REPO="$WORK/repo"
mkdir -p "$REPO"
git -C "$MLE4J_ROOT" ls-files -z --cached --others --exclude-standard \
  | (cd "$MLE4J_ROOT" && tar --null --ignore-failed-read -T - -cf - 2>/dev/null) \
  | tar -xf - -C "$REPO"
mkdir -p "$REPO/examples/target"
cp "$MLE4J_ROOT/examples/target/mle4j.jar" "$REPO/examples/target/mle4j.jar"
# the jar's class path is lib/ beside it (460 MB of dependencies): link, do not copy
ln -s "$MLE4J_ROOT/examples/target/lib" "$REPO/examples/target/lib"
touch "$REPO/examples/target/mle4j.jar"
cd "$REPO"
git init -q
git add -A
git -c user.name=check-dvc -c user.email=check-dvc@localhost commit -q -m "check-dvc snapshot"
"$DVC" remote add --local check "$WORK/remote" >/dev/null

# 1. the stages for real
start=$SECONDS
"$DVC" repro "$STAGE" >"$WORK/repro.log" 2>&1 || {
  tail -n 40 "$WORK/repro.log"
  fail "dvc repro $STAGE failed"
}
ran=$(grep -c "^Running stage" "$WORK/repro.log" || true)
echo "check-dvc: dvc repro $STAGE ran $ran stage(s) in $((SECONDS - start)) s"

# 2. up to date afterwards
up_to_date() { [ "$("$DVC" status "$STAGE" --json)" = "{}" ]; }
up_to_date || {
  "$DVC" status "$STAGE"
  fail "dvc status reports $STAGE changed right after dvc repro"
}
echo "check-dvc: dvc status $STAGE: $("$DVC" status "$STAGE")"

# the stage's and its upstream stages' outputs, from DVC itself: cached ones (pushed) and metrics
outputs() {
  "$VENV/bin/python" - "$STAGE" "$1" <<'PY'
import sys

from dvc.repo import Repo

stage, kind = sys.argv[1], sys.argv[2]
for s in Repo().stage.collect(stage, with_deps=True):
    for out in s.outs:
        if (kind == "cached" and out.use_cache) or (kind == "metrics" and out.metric):
            print(out.def_path)
PY
}

# 3. metrics DVC can read and diff
# shellcheck disable=SC2046
"$DVC" metrics show --json $(outputs metrics) >"$WORK/metrics.json"
"$VENV/bin/python" - "$WORK/metrics.json" <<'PY'
import json
import sys

shown = json.load(open(sys.argv[1]))
found = []
for rev in shown.values():
    for path, entry in rev.get("data", {}).items():
        if "error" in entry:
            raise SystemExit(f"check-dvc: dvc metrics show cannot read {path}: {entry['error']}")
        for model, m in entry.get("data", {}).get("models", {}).items():
            acc = m.get("accuracy")
            if acc is None or not 0.0 < acc <= 1.0:
                raise SystemExit(f"check-dvc: {path}: {model} has no accuracy in (0, 1]: {acc}")
            f1 = m.get("macro_f1", float("nan"))
            found.append(f"{path} {model} accuracy {acc:.4f} macro_f1 {f1:.4f}")
if not found:
    raise SystemExit(f"check-dvc: dvc metrics show found no model metrics: {shown}")
for line in found:
    print(f"check-dvc: dvc metrics show: {line}")
PY

# 3b. the evaluate stage re-scores the saved model on train's test split: the same metrics
mapfile -t metric_files < <(outputs metrics)
if printf '%s\n' "${metric_files[@]}" | grep -qx runs/evaluate/metrics.json; then
  "$VENV/bin/python" - runs/train/metrics.json runs/evaluate/metrics.json <<'PY'
import json
import sys

train = json.load(open(sys.argv[1]))
evaluate = json.load(open(sys.argv[2]))
if evaluate.get("models", {}).keys() != train.get("models", {}).keys():
    raise SystemExit(
        f"check-dvc: evaluate models {list(evaluate.get('models', {}))} are not train's "
        f"{list(train.get('models', {}))}"
    )
if evaluate.get("rows") != train.get("test_rows"):
    raise SystemExit(
        f"check-dvc: evaluate scored {evaluate.get('rows')} rows, "
        f"train's test split has {train.get('test_rows')}"
    )
for model, metrics in evaluate["models"].items():
    trained = train["models"][model]
    differ = {k: (trained.get(k), v) for k, v in metrics.items() if trained.get(k) != v}
    if differ:
        raise SystemExit(
            f"check-dvc: {model}: evaluate metrics differ from train's (train, evaluate): {differ}"
        )
    print(
        f"check-dvc: evaluate = train test metrics: {model}, all {len(metrics)} metrics equal on "
        f"{evaluate['rows']} test rows (accuracy {metrics['accuracy']:.4f} "
        f"macro_f1 {metrics['macro_f1']:.4f})"
    )
PY
fi

# 4. push to a local remote, delete the cached outputs and the cache, pull them back
"$DVC" push --with-deps -r check "$STAGE" >"$WORK/push.log" 2>&1 || {
  cat "$WORK/push.log"
  fail "dvc push failed"
}
pushed=$(find "$WORK/remote" -type f | wc -l)
[ "$pushed" -gt 0 ] || fail "dvc push wrote nothing to the remote"
mapfile -t cached < <(outputs cached)
[ "${#cached[@]}" -gt 0 ] || fail "stage $STAGE has no cached outputs"
rm -rf "${cached[@]}" .dvc/cache
"$DVC" pull --with-deps -r check "$STAGE" >"$WORK/pull.log" 2>&1 || {
  cat "$WORK/pull.log"
  fail "dvc pull failed"
}
up_to_date || {
  "$DVC" status "$STAGE"
  fail "dvc pull did not restore the outputs of $STAGE"
}
echo "check-dvc: dvc push: $pushed file(s) in a local remote; deleted ${cached[*]} and the" \
  "cache; dvc pull restored them (status up to date)"

# 5. a parameter change shows in params diff and marks the training stage (not prepare) changed
"$VENV/bin/python" - <<'PY'
import yaml

with open("params.yaml") as f:
    text = f.read()
seed = yaml.safe_load(text)["seed"]
lines = [f"seed: {seed + 1}" if line.startswith("seed:") else line for line in text.splitlines()]
with open("params.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")
if yaml.safe_load(open("params.yaml"))["seed"] != seed + 1:
    raise SystemExit("check-dvc: could not change seed in params.yaml")
PY
diff_line=$("$DVC" params diff --targets params.yaml | grep -E '^params.yaml +seed ' || true)
[ -n "$diff_line" ] || fail "dvc params diff does not show the changed seed"
"$DVC" status "$STAGE" --json >"$WORK/status.json"
"$VENV/bin/python" - "$WORK/status.json" "$STAGE" <<'PY'
import json
import sys

status = json.load(open(sys.argv[1]))
stage = sys.argv[2]
if stage not in status:
    raise SystemExit(f"check-dvc: after changing seed, dvc status does not report {stage}: {status}")
if "prepare" in status:
    raise SystemExit(f"check-dvc: prepare does not read seed but is reported changed: {status}")
with open(sys.argv[1] + ".changed", "w") as f:
    f.write(", ".join(sorted(status)))
PY
echo "check-dvc: dvc params diff: $(echo "$diff_line" | tr -s ' ');" \
  "dvc status then reports $(cat "$WORK/status.json.changed") changed, prepare unchanged"
echo "check-dvc: OK ($((SECONDS - start)) s after the launcher was ready; the checkout was not touched)"
