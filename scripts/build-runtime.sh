#!/usr/bin/env bash
# Builds the slim Java runtime of the inference image with jlink: the modules that jdeps finds in
# the launcher jar and its libraries, plus the ones only used reflectively or by flags at run time.
# The Dockerfile's build stage calls this script; scripts/check-runtime.sh calls it too.
#
# Usage: scripts/build-runtime.sh OUT_DIR [--app DIR]
#   OUT_DIR    where the runtime goes (must not exist yet)
#   --app DIR  folder holding mle4j.jar and lib/ (default: examples/target, what ./mvnw install builds)
# Environment: JAVA_HOME (a JDK >= 21 with jlink; picked like the launcher when unset),
#   MLE4J_EXTRA_MODULES (comma-separated modules added to the computed list).
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"

usage() { echo "usage: scripts/build-runtime.sh OUT_DIR [--app DIR]" >&2; exit 2; }
out=""
app="$MLE4J_ROOT/examples/target"
while [ $# -gt 0 ]; do
  case "$1" in
    --app) [ $# -ge 2 ] || usage; app="$2"; shift 2 ;;
    --app=*) app="${1#--app=}"; shift ;;
    -h|--help) usage ;;
    -*) echo "build-runtime: unknown option $1" >&2; usage ;;
    *) [ -z "$out" ] || usage; out="$1"; shift ;;
  esac
done
[ -n "$out" ] || usage
if [ -e "$out" ]; then
  echo "build-runtime: $out already exists; jlink needs a new folder (remove it first)" >&2
  exit 2
fi
if [ ! -f "$app/mle4j.jar" ] || [ ! -d "$app/lib" ]; then
  echo "build-runtime: $app/mle4j.jar or $app/lib missing; build it with ./mvnw -B -DskipTests install -pl examples -am" >&2
  exit 2
fi
mle4j_pick_jdk
for tool in jdeps jlink; do
  if [ ! -x "$JAVA_HOME/bin/$tool" ]; then
    echo "build-runtime: $JAVA_HOME/bin/$tool missing (need a full JDK)" >&2
    exit 2
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Recursive analysis from the launcher jar with every library on the class path: what the app
# reaches (modular jars are read as plain class-path jars, so module-descriptor problems of the
# libraries, such as invalid automatic names or one module in two jars, do not stop it).
if ! "$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
    --class-path "$app/lib/*" "$app/mle4j.jar" >"$work/jdeps.out" 2>"$work/jdeps.err"; then
  echo "build-runtime: jdeps failed:" >&2
  cat "$work/jdeps.out" "$work/jdeps.err" >&2
  exit 1
fi
found="$(tail -n 1 "$work/jdeps.out")"
if ! grep -q 'java\.base' <<<"$found"; then
  echo "build-runtime: unexpected jdeps output: $found" >&2
  exit 1
fi
# Needed at run time but invisible to jdeps:
#  jdk.incubator.vector  the launcher's --add-modules (Lucene's vector API)
#  jdk.unsupported       sun.misc.Unsafe (protobuf, Tribuo, DJL)
#  jdk.zipfs             zip/jar file systems (model resources read from jars)
#  jdk.crypto.ec         TLS with EC keys for the hosted LLM / embedding providers
#  jdk.management        JVM metrics (Micrometer) and java.lang.management
#  jdk.charsets          CSV and documents in non-UTF-8 charsets
extra="jdk.incubator.vector,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.management,jdk.charsets"
[ -n "${MLE4J_EXTRA_MODULES:-}" ] && extra="$extra,$MLE4J_EXTRA_MODULES"
available="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')"
modules="$found"
IFS=',' read -r -a wanted <<<"$extra"
for m in "${wanted[@]}"; do
  if grep -qx "$m" <<<"$available"; then
    modules="$modules,$m"
  else
    echo "build-runtime: module $m is not in $JAVA_HOME; left out" >&2
  fi
done
modules="$(tr ',' '\n' <<<"$modules" | sed '/^$/d' | sort -u | paste -sd, -)"

# --strip-debug also strips the native libraries' symbols with objcopy (binutils) on Linux
strip=(--strip-debug)
if ! command -v objcopy >/dev/null; then
  echo "build-runtime: objcopy (binutils) not found; keeping native debug symbols" >&2
  strip=(--strip-java-debug-attributes)
fi
"$JAVA_HOME/bin/jlink" --add-modules "$modules" "${strip[@]}" --no-header-files --no-man-pages \
  --compress=zip-6 --output "$out"
echo "$modules" >"$out/mle4j-modules.txt"
size="$(du -sm "$out" | cut -f1)"
echo "build-runtime: $out: ${size} MB, $(tr ',' '\n' <<<"$modules" | wc -l) modules: $modules"
