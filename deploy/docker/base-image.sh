#!/usr/bin/env bash
# Build a Debian bookworm base image (Python 3.11 from Debian) with debootstrap, for machines
# that cannot pull images. The Debian mirror comes from this machine's apt sources, read now.
# Usage: deploy/docker/base-image.sh [tag]   (default career-match-base:bookworm)
# The image is kept by the engine; a rootfs tarball is cached in $CACHE_DIR for later runs.
set -euo pipefail
tag="${1:-career-match-base:bookworm}"
suite=bookworm
cache_dir="${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/career-match}"
tarball="$cache_dir/debian-$suite-python3.tar"

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base-image: $tag is already built"
  exit 0
fi

mirror() {
  # First "deb" URI of the main Debian archive: deb822 (.sources) or one-line format.
  local files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  local uri
  uri="$(cat "${files[@]}" 2>/dev/null | awk '
    /^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }
    /^deb / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i !~ /security/) { print $i; exit } } }
  ')"
  [ -n "$uri" ] || { echo "base-image: no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "$uri"
}

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { echo "base-image: debootstrap is not installed" >&2; exit 1; }
  url="$(mirror)"
  root="$(mktemp -d)"
  trap 'rm -rf "$root"' EXIT
  echo "base-image: debootstrap $suite from $url"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    "$suite" "$root" "$url" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/locale/*
  # The image's own apt sources point at the same mirror, so later layers can apt-get install.
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$url" "$suite" "$url" "$suite" \
    > "$root/etc/apt/sources.list"
  mkdir -p "$cache_dir"
  tar -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
fi
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
  --change 'CMD ["python3"]' \
  "$tarball" "$tag" >/dev/null
echo "base-image: built $tag"
