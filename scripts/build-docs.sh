#!/usr/bin/env bash
# Builds the documentation site into target-site/ (or $MLE4J_SITE_DIR): installs MkDocs and
# Material for MkDocs (pinned) from PyPI into a cached venv, makes sure Graphviz `dot` is there
# (Debian package graphviz) for the architecture diagram, builds the aggregated Javadoc of the
# library modules (javadoc:aggregate), runs `mkdocs build --strict` (every warning, e.g. a broken
# link or anchor, fails the build; scripts/mkdocs_hooks.py renders docs/**/*.dot and adds the
# Javadoc as api/), then checks the result: the home page, every page of docs/, the diagram and
# api/index.html exist, and no relative link or image in the generated HTML points to a missing
# file or anchor. Prints one summary line; exits non-zero on a failed step or check.
# Usage: ./scripts/build-docs.sh [extra maven args, e.g. -o -Dmle4j.target=target-x]
set -euo pipefail
MLE4J_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
. "$MLE4J_ROOT/scripts/env.sh"
MKDOCS_VERSION="${MLE4J_MKDOCS_VERSION:-1.6.1}"
MATERIAL_VERSION="${MLE4J_MKDOCS_MATERIAL_VERSION:-9.8.2}"
SITE_DIR="${MLE4J_SITE_DIR:-$MLE4J_ROOT/target-site}"
start=$(date +%s)
cd "$MLE4J_ROOT"

# 1. MkDocs + Material, pinned, in a cached venv
VENV="$(mle4j_venv "mkdocs-$MKDOCS_VERSION-material-$MATERIAL_VERSION" \
  "mkdocs==$MKDOCS_VERSION" "mkdocs-material==$MATERIAL_VERSION")"

# 2. Graphviz for the diagram (docs/architecture/modules.dot)
if ! command -v dot >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "build-docs: Graphviz 'dot' not found and not root; install the Debian package graphviz" >&2
      exit 1
    fi
  fi
  LOG="$(mktemp)"
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -qq --no-install-recommends graphviz >"$LOG" 2>&1; then
    $SUDO apt-get update -qq >>"$LOG" 2>&1 || true
    $SUDO apt-get install -y -qq --no-install-recommends graphviz >>"$LOG" 2>&1 \
      || { echo "build-docs: 'apt-get install graphviz' failed: $(tail -n 3 "$LOG" | tr '\n' ' ')" >&2; rm -f "$LOG"; exit 1; }
  fi
  rm -f "$LOG"
fi

# 3. the diagram names exactly the modules of the parent pom
DIAGRAM="docs/architecture/modules.dot"
pom_modules=$(sed -n 's|.*<module>\(.*\)</module>.*|\1|p' pom.xml | sort)
dot_modules=$(grep -oE '^ *"?[a-z][a-z-]*"? +\[label="[a-z-]+\\n' "$DIAGRAM" \
  | sed -E 's/^ *"?([a-z-]+)"? +\[label="([a-z-]+)\\n$/\1 \2/' | awk '$1 == $2 {print $1}' | sort)
if [ "$pom_modules" != "$dot_modules" ]; then
  echo "build-docs: $DIAGRAM is out of date: pom.xml modules [$(echo $pom_modules)], diagram modules [$(echo $dot_modules)]" >&2
  exit 1
fi

# 4. aggregated Javadoc of the library modules (examples and benchmarks are apps, not API)
target="target"
for arg in "$@"; do
  case "$arg" in
    -Dmle4j.target=*) target="${arg#-Dmle4j.target=}" ;;
    *) ;;
  esac
done
mle4j_pick_jdk
JAVADOC_DIR="$MLE4J_ROOT/$target/reports/apidocs"
rm -rf "$JAVADOC_DIR"
version=$(sed -n '0,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' pom.xml)
./mvnw -B -q -pl '!examples,!benchmarks' -Dspotless.check.skip=true -Dcheckstyle.skip=true -Djacoco.skip=true \
  "-Ddoctitle=mle4j $version API" "-Dwindowtitle=mle4j $version API" "$@" javadoc:aggregate \
  || { echo "build-docs: javadoc:aggregate failed" >&2; exit 1; }
[ -f "$JAVADOC_DIR/index.html" ] || { echo "build-docs: no Javadoc at $JAVADOC_DIR/index.html" >&2; exit 1; }

# 5. the site, strict: any warning fails
LOG="$(mktemp)"
NO_MKDOCS_2_WARNING=1 MLE4J_JAVADOC_DIR="$JAVADOC_DIR" \
  "$VENV/bin/mkdocs" build --strict --clean --site-dir "$SITE_DIR" >"$LOG" 2>&1 \
  || { grep -v '^INFO' "$LOG" >&2; rm -f "$LOG"; echo "build-docs: mkdocs build --strict failed" >&2; exit 1; }
rm -f "$LOG"

# 6. check the result: pages, diagram, API tree, every relative link and anchor
"$VENV/bin/python" - "$SITE_DIR" "$MLE4J_ROOT/docs" "$start" <<'PY'
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

site, docs, start = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
problems = []

expected = [site / "index.html", site / "api" / "index.html", site / "architecture" / "modules.svg"]
for md in sorted(docs.rglob("*.md")):
    rel = md.relative_to(docs).with_suffix("")
    page = rel.parent if rel.name == "index" else rel
    expected.append(site / page / "index.html")
problems += [f"missing {p.relative_to(site)}" for p in expected if not p.is_file()]


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) is not None and not (tag == "link" and a.get("rel") == "canonical"):
                self.links.append(a[key])


parsed = {}


def parse(path):
    if path not in parsed:
        p = Links()
        p.feed(path.read_text(encoding="utf-8", errors="replace"))
        parsed[path] = p
    return parsed[path]


pages = sorted(site.rglob("*.html"))
checked = external = 0
for page in pages:
    if page == site / "404.html":  # served for any missing path, so its links are root-absolute
        continue
    for link in parse(page).links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "javascript:", "data:")):
            external += bool(parts.scheme in ("http", "https"))
            if link.startswith("#") and len(link) > 1 and "api" not in page.relative_to(site).parts:
                if unquote(link[1:]) not in parse(page).ids:
                    problems.append(f"{page.relative_to(site)}: no anchor {link}")
            continue
        if link.startswith("/"):
            problems.append(f"{page.relative_to(site)}: absolute link {link}")
            continue
        checked += 1
        target = (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or site.resolve() not in target.parents:
            problems.append(f"{page.relative_to(site)}: broken link {link}")
        elif parts.fragment and target.suffix == ".html" and "api" not in target.relative_to(site.resolve()).parts:
            if unquote(parts.fragment) not in parse(target).ids:
                problems.append(f"{page.relative_to(site)}: no anchor #{parts.fragment} in {link}")

if problems:
    for p in problems[:50]:
        print(f"build-docs: {p}", file=sys.stderr)
    sys.exit(f"build-docs: {len(problems)} problem(s) in {site}")
api_pages = sum(1 for p in pages if "api" in p.relative_to(site).parts)
print(f"build-docs: OK {site}: {len(pages) - api_pages} site pages + {api_pages} Javadoc pages, "
      f"{checked} relative links checked (0 broken), {external} external links not followed, "
      f"strict build clean, {round(time.time() - start)} s")
PY
