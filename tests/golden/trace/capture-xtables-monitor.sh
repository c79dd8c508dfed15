#!/bin/bash
# Captures what the real `xtables-monitor --trace` prints for two TCP SYNs (to ports 80
# and 81) meeting the ruleset NAME.rules, into NAME.txt next to this script:
#   monitor-filter: -j TRACE in raw PREROUTING, a MARK, a jump, a goto, a RETURN, a REJECT, a DROP
#   monitor-nat:    RETURN in a base chain, a DNAT, the packet after it
#   monitor-mark:   each table's PACKET line is the packet at its first trace event (a jump
#                   to two MARKs, then a TTL, in mangle; MARK rules in filter)
# Run as root; it makes its own private host:
#   unshare --mount --net bash tests/golden/trace/capture-xtables-monitor.sh NAME
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=$1
out=$(mktemp)
mkdir -p /run/netns
mount -t tmpfs none /run/netns
ip link set lo up
ip netns add trcpeer
ip link add va type veth peer name vb netns trcpeer
ip link set va address 02:00:00:00:00:01
ip addr add 10.9.0.1/24 dev va
ip link set va up
ip -n trcpeer link set lo up
ip -n trcpeer link set vb address 02:00:00:00:00:02
ip -n trcpeer addr add 10.9.0.2/24 dev vb
ip -n trcpeer link set vb up
iptables-restore < "$here/$name.rules"
xtables-monitor --trace > "$out" 2>&1 &
monitor=$!
sleep 0.5
ip netns exec trcpeer nc -z -w1 -p 35886 10.9.0.1 80 || true
ip netns exec trcpeer nc -z -w1 -p 45666 10.9.0.1 81 || true
sleep 0.3
kill "$monitor"
wait "$monitor" 2>/dev/null || true
cp "$out" "$here/$name.txt"
rm -f "$out"
