#!/bin/sh
# Captures tests/golden/net/CASE.json from tests/golden/net/cases/CASE.sh with the real sh,
# ip, iptables, ping, nc, tcpdump and nsenter, and the real kernel. Each case runs in its
# own private host: new mount and network namespaces (unshare --mount --net, mounts
# private) with a tmpfs on /run/netns, so that nothing of this machine's own network or
# its namespaces is touched. scripts/net-golden-run.ts refuses to run anywhere else.
#   scripts/capture-net-goldens.sh [CASE.sh...]     write the JSON files (default: every case)
#   scripts/capture-net-goldens.sh --stdout CASE.sh  print one transcript instead
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "capture-net-goldens: needs root (unshare)" >&2; exit 1; }
for tool in unshare ip iptables ping nc tcpdump nsenter; do
  command -v "$tool" >/dev/null || { echo "capture-net-goldens: $tool is not installed" >&2; exit 1; }
done

host_netns=$(readlink /proc/self/ns/net)

run_case() {
  unshare --mount --net --propagation private -- env NFSIM_HOST_NETNS="$host_netns" sh -c '
    if [ -d /run/netns ]; then mount -t tmpfs nfsim-netns /run/netns
    else mount -t tmpfs nfsim-run /run && mkdir /run/netns; fi &&
    exec node --import ./node_modules/tsx/dist/esm/index.mjs scripts/net-golden-run.ts "$1"' sh "$1"
}

if [ "${1:-}" = "--stdout" ]; then
  run_case "$2"
  exit
fi
[ $# -gt 0 ] || set -- tests/golden/net/cases/*.sh
for case in "$@"; do
  out="tests/golden/net/$(basename "$case" .sh).json"
  run_case "$case" > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "captured $out"
done
