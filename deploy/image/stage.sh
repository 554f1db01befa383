#!/usr/bin/env bash
# Stages the production artifact the image copies: the esbuild bundles (workspace code compiled in),
# the built web app, and production node_modules only (`npm ci --omit=dev`), laid out as in the
# repository so every entry finds what it finds there (inventory's BFF serves apps/web/dist).
# Usage: deploy/image/stage.sh <out-dir>   (run `npm run build` first)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:?usage: stage.sh <out-dir>}"
rm -rf "$out" && mkdir -p "$out"
cd "$root"
for entry in apps/server services/inventory services/reservation services/account services/notification packages/tesla-sim packages/payments-sim; do
  test -f "$entry/dist/main.js" || { echo "stage.sh: $entry/dist/main.js missing: run npm run build" >&2; exit 1; }
done
test -f apps/web/dist/index.html || { echo "stage.sh: apps/web/dist missing: run npm run build" >&2; exit 1; }

cp package.json package-lock.json "$out/"
# The package.json of every workspace the processes run (not apps/web: it ships built), so npm ci
# installs exactly their production dependencies.
for ws in packages/* services/* apps/server; do
  test -f "$ws/package.json" || continue
  mkdir -p "$out/$ws" && cp "$ws/package.json" "$out/$ws/"
done
# The bundles (no source maps: production serves none) and the web app.
for entry in apps/server services/inventory services/reservation services/account services/notification packages/tesla-sim packages/payments-sim; do
  mkdir -p "$out/$entry/dist" && cp "$entry/dist/main.js" "$out/$entry/dist/"
done
mkdir -p "$out/apps/web" && cp -r apps/web/dist "$out/apps/web/dist"
find "$out/apps/web/dist" -name '*.map' -delete

# Production dependencies only, no install scripts (nothing the bundles load needs one).
(cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
# The workspaces are compiled into the bundles; their links would only point at package.json files.
rm -rf "$out/node_modules/@cybertacotruck"
echo "staged $(du -sh "$out" | cut -f1) in $out"
