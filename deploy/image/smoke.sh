#!/usr/bin/env bash
# Builds the image from this checkout and runs what Kubernetes would, as containers: the migrations
# Job, then one service with the pod's restrictions (read-only root, no capabilities, no new
# privileges, non-root, a memory limit) against the local PostgreSQL; checks /health/ready and
# /health/live, then SIGTERM and exit 0. Not yet part of .ci/run (issue 14: the container topology
# journey through the BFF is still to come). Needs root, podman, debootstrap and a built tree.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
name="cybertacotruck-smoke-$$"
trap 'podman rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
run=(podman run --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --read-only
  --cap-drop=ALL --security-opt no-new-privileges --network host --memory 384m)

podman image exists localhost/cybertacotruck-base:bookworm || "$root/deploy/image/base.sh"
"$root/deploy/image/stage.sh" "$work/app"
podman build --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 -q \
  -f "$root/deploy/Containerfile" -t localhost/cybertacotruck:smoke "$work/app" >/dev/null

db="smoke_$$"
psql -h 127.0.0.1 -U postgres -qc "create database $db"
url="postgres://postgres@127.0.0.1:5432/$db"
"${run[@]}" --rm -e DATABASE_URL="$url" localhost/cybertacotruck:smoke apps/server/dist/main.js --migrate-only

key="k1:$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
"${run[@]}" -d --name "$name" -e PORT=3199 -e DATABASE_URL="$url" -e PUBLIC_URL=http://127.0.0.1:3199 \
  -e SECRET_KEYS="$key" -e INTERNAL_TOKEN="$(node -e "console.log(require('crypto').randomBytes(16).toString('hex'))")" \
  -e OPERATOR_PHONE=+12025550100 -e OPERATOR_PASSWORD='correct horse battery staple 9' \
  localhost/cybertacotruck:smoke services/account/dist/main.js >/dev/null
for _ in $(seq 1 30); do curl -sf http://127.0.0.1:3199/health/ready >/dev/null && break; sleep 1; done
curl -sf http://127.0.0.1:3199/health/ready >/dev/null
curl -sf http://127.0.0.1:3199/health/live >/dev/null
podman stop -t 30 "$name" >/dev/null
code="$(podman inspect "$name" --format '{{.State.ExitCode}}')"
psql -h 127.0.0.1 -U postgres -qc "drop database $db"
[ "$code" = 0 ] || { podman logs "$name" | tail -20; echo "smoke: exit $code after SIGTERM" >&2; exit 1; }
echo "smoke: image built; migrations Job ran; account ready and live read-only without capabilities; SIGTERM → exit 0"
