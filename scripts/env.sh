# Sourced by ./mle4j and the scripts: picks a JDK >= 21 and the data folder; cached tool venvs.
# shellcheck shell=bash

mle4j_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }

mle4j_pick_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64)
  for d in /usr/lib/jvm/*; do candidates+=("$d"); done
  for d in "${candidates[@]}"; do
    if [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ]; then
      local major
      major=$(mle4j_java_major "$d")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        export JAVA_HOME="$d"
        export PATH="$JAVA_HOME/bin:$PATH"
        return 0
      fi
    fi
  done
  echo "mle4j: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm); install one, e.g. Temurin 25" >&2
  return 1
}

mle4j_pick_data() {
  if [ -z "${MLE4J_DATA:-}" ] && [ -d "$MLE4J_ROOT/../shared/data" ]; then
    MLE4J_DATA="$(cd "$MLE4J_ROOT/../shared/data" && pwd)"
    export MLE4J_DATA
  fi
}

# mle4j_venv NAME PACKAGE==VERSION...: a Python venv cached in $MLE4J_CACHE/NAME-venv holding exactly
# these pinned PyPI packages (made again when the list changes); prints the venv's folder. The
# tool checks (Airflow, DVC, deploy schemas, MkDocs) each use one.
mle4j_venv() {
  local name="$1"
  shift
  local venv="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}/$name-venv"
  if [ ! -f "$venv/.installed" ] || [ "$(cat "$venv/.installed")" != "$*" ]; then
    echo "$name: installing $* into $venv" >&2
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv" >&2
    "$venv/bin/pip" install -q "$@" >&2
    echo "$*" >"$venv/.installed"
  fi
  echo "$venv"
}
