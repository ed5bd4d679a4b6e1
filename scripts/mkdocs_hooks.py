"""MkDocs hooks of the mle4j documentation site (mkdocs.yml `hooks:`).

- Renders every Graphviz source `docs/**/*.dot` to an SVG next to it in the site (the diagram
  `docs/architecture/modules.dot` becomes `architecture/modules.svg`) with the `dot` command
  (Debian package graphviz). Nothing generated is written into docs/.
- Adds the aggregated Javadoc (a folder holding index.html, default `target/reports/apidocs`,
  or $MLE4J_JAVADOC_DIR) to the site as `api/`, so links such as `api/index.html` are checked by
  `mkdocs build --strict` like any other link.

A missing `dot` or Javadoc folder is logged as a warning: `mkdocs serve` still works, and
`mkdocs build --strict` (scripts/build-docs.sh) fails.
"""

import logging
import os
import shutil
import subprocess
from pathlib import Path

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.mle4j")

API_DIR = "api"


class _VerbatimFile(File):
    """A file copied as it is, even a Markdown one (the Javadoc tree's legal/*.md notices)."""

    def is_documentation_page(self) -> bool:
        return False


def _javadoc_dir(config) -> Path:
    root = Path(config.config_file_path).resolve().parent
    configured = os.environ.get("MLE4J_JAVADOC_DIR", "target/reports/apidocs")
    path = Path(configured)
    return path if path.is_absolute() else root / path


def _render_diagrams(files: Files, config) -> None:
    docs_dir = Path(config.docs_dir)
    sources = sorted(f for f in files if f.src_uri.endswith(".dot"))
    if not sources:
        return
    dot = shutil.which("dot")
    if dot is None:
        log.warning("Graphviz 'dot' not found: diagrams %s are not rendered "
                    "(install the Debian package graphviz)", [f.src_uri for f in sources])
        return
    for source in sources:
        svg_uri = source.src_uri[: -len(".dot")] + ".svg"
        if files.get_file_from_path(svg_uri) is not None:
            log.warning("%s exists in docs/ and is also rendered from %s; delete the copy",
                        svg_uri, source.src_uri)
            continue
        result = subprocess.run([dot, "-Tsvg", str(docs_dir / source.src_uri)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log.warning("dot could not render %s: %s", source.src_uri, result.stderr.strip())
            continue
        files.append(File.generated(config, svg_uri, content=result.stdout))


def _add_javadoc(files: Files, config) -> None:
    apidocs = _javadoc_dir(config)
    if not (apidocs / "index.html").is_file():
        log.warning("API reference not found: %s has no index.html (scripts/build-docs.sh "
                    "builds it with javadoc:aggregate; set MLE4J_JAVADOC_DIR to another folder)",
                    apidocs)
        return
    for path in sorted(apidocs.rglob("*")):
        if path.is_file():
            uri = f"{API_DIR}/{path.relative_to(apidocs).as_posix()}"
            files.append(_VerbatimFile.generated(config, uri, abs_src_path=str(path)))


def on_files(files: Files, config) -> Files:
    """Adds the rendered diagrams and the Javadoc tree to the site's files."""
    _render_diagrams(files, config)
    _add_javadoc(files, config)
    return files
