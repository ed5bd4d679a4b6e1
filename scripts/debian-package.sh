# Shared by the fetch-*.sh scripts that take data from a Debian package (source it, do not run it).
#
# mle4j_fetch_deb TAG PACKAGE REL LABEL MARKER HINT [CANDIDATE...]
#   TAG        prefix of the one line printed (e.g. fetch-ames)
#   PACKAGE    Debian package name; REL the folder inside it the Java code reads
#   LABEL      what is reported present (e.g. "modeldata"); MARKER the file named when REL lacks it
#   HINT       the Java call for users without apt (e.g. "AmesHousing.installDeb(file)")
#   CANDIDATE  folders checked first; the caller defines holds() to recognise a complete one
# Downloads the package with 'apt-get download' (no root needed when the apt lists are present;
# as root, refreshes them once on failure), extracts it with 'dpkg-deb -x' and renames it into
# $MLE4J_CACHE (default ~/.cache/mle4j/data)/debian/PACKAGE, so the folder appears atomically.
mle4j_fetch_deb() {
  local tag="$1" package="$2" rel="$3" label="$4" marker="$5" hint="$6"
  shift 6
  local cache="${MLE4J_CACHE:-$HOME/.cache/mle4j/data}"
  local dest="$cache/debian/$package"
  local dir tool
  for dir in "$@" "$dest/$rel"; do
    if [ -n "$dir" ] && holds "$dir"; then
      echo "$tag: $label present in $dir"
      return 0
    fi
  done
  for tool in apt-get dpkg-deb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$tag: $tool not found; on Debian/Ubuntu install apt and dpkg, elsewhere download $package from https://packages.debian.org/bookworm/all/$package/download and call $hint" >&2
      return 1
    fi
  done
  mkdir -p "$cache/debian"
  local work
  work="$(mktemp -d "$cache/debian/.$tag.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  if ! (cd "$work" && apt-get download "$package" >"$work/apt-get.log" 2>&1) \
      && [ "$(id -u)" = 0 ]; then
    # a fresh machine may have no package lists yet: refresh them once (root only) and retry
    apt-get update -qq >"$work/apt-update.log" 2>&1 || true
  fi
  if [ ! -f "$(ls "$work"/"$package"_*.deb 2>/dev/null | head -1)" ] \
      && ! (cd "$work" && apt-get download "$package" >"$work/apt-get.log" 2>&1); then
    echo "$tag: 'apt-get download $package' failed: $(tail -n 3 "$work/apt-get.log" | tr '\n' ' ')(run 'apt-get update' as root if the package is unknown)" >&2
    return 1
  fi
  local deb
  deb="$(ls "$work"/"$package"_*.deb)"
  dpkg-deb -x "$deb" "$work/root"
  if ! holds "$work/root/$rel"; then
    echo "$tag: $deb does not contain $rel/$marker" >&2
    return 1
  fi
  rm -rf "$dest"
  mv -T "$work/root" "$dest"
  echo "$tag: $(basename "$deb") extracted into $dest"
}
