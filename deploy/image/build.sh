#!/usr/bin/env bash
# Builds the one image from this checkout (after `npm run build`): the CI base from Debian when it is
# not there yet (deploy/image/base.sh), the staged artifact (deploy/image/stage.sh), then
# `podman build` of deploy/Containerfile. Prints the image name on its last line.
# Usage: deploy/image/build.sh [image-name]   (root; needs podman, debootstrap, runc)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
image="${1:-localhost/cybertacotruck:ci}"
base="${BASE_IMAGE:-localhost/cybertacotruck-base:bookworm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

started=$SECONDS
podman image exists "$base" || "$root/deploy/image/base.sh" "$base"
"$root/deploy/image/stage.sh" "$work/app" >/dev/null
podman build --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 -q \
  --build-arg BASE="$base" -f "$root/deploy/Containerfile" -t "$image" "$work/app" >/dev/null
echo "built $image in $((SECONDS - started)) s ($(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%d MB", $1/1000000}'))"
echo "$image"
