#!/bin/sh
# Captures tests/golden/ip/CASE.json from tests/golden/ip/cases/CASE.sh with the real
# iproute2 and kernel. Each case runs in its own private host: new mount and network
# namespaces (unshare --mount --net, mounts private) with a tmpfs over /run, so that
# `ip netns add` names live only there and nothing of this machine's own network changes.
#   scripts/capture-ip-goldens.sh [CASE.sh...]     write the JSON files (default: every case)
#   scripts/capture-ip-goldens.sh --stdout CASE.sh  print one transcript instead
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "capture-ip-goldens: needs root (unshare)" >&2; exit 1; }

run_case() {
  unshare --mount --net --propagation private -- sh -c '
    mount -t tmpfs nfsim-run /run && mkdir -p /run/netns &&
    exec node --import ./node_modules/tsx/dist/esm/index.mjs scripts/ip-golden-steps.ts "$1"' sh "$1"
}

if [ "${1:-}" = "--stdout" ]; then
  run_case "$2"
  exit
fi
[ $# -gt 0 ] || set -- tests/golden/ip/cases/*.sh
for case in "$@"; do
  out="tests/golden/ip/$(basename "$case" .sh).json"
  run_case "$case" > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "captured $out"
done
