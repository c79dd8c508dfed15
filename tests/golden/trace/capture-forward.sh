#!/bin/bash
# Captures what the real `xtables-monitor --trace` prints for a forwarded TCP SYN (client
# 10.8.1.2 -> server 10.8.2.2 through this host, with a MASQUERADE) and for a SYN this host
# sends itself, meeting monitor-forward.rules; into monitor-forward.txt next to this script.
# Run as root; it makes its own private host:
#   unshare --mount --net bash tests/golden/trace/capture-forward.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
mkdir -p /run/netns
mount -t tmpfs none /run/netns
ip link set lo up
ip netns add trccli
ip netns add trcsrv
ip link add c0 type veth peer name eth0 netns trccli
ip link add s0 type veth peer name eth0 netns trcsrv
ip link set c0 address 02:00:00:00:01:01
ip link set s0 address 02:00:00:00:02:01
ip addr add 10.8.1.1/24 dev c0
ip addr add 10.8.2.1/24 dev s0
ip link set c0 up
ip link set s0 up
ip -n trccli link set eth0 address 02:00:00:00:01:02
ip -n trccli addr add 10.8.1.2/24 dev eth0
ip -n trccli link set eth0 up
ip -n trccli route add default via 10.8.1.1
ip -n trcsrv link set eth0 address 02:00:00:00:02:02
ip -n trcsrv addr add 10.8.2.2/24 dev eth0
ip -n trcsrv link set eth0 up
ip -n trcsrv route add default via 10.8.2.1
sysctl -qw net.ipv4.ip_forward=1
# Resolve the neighbours first, so that no ARP delays the traced packets.
ip netns exec trccli ping -c1 -W1 10.8.1.1 > /dev/null
ping -c1 -W1 10.8.2.2 > /dev/null
iptables-restore < "$here/monitor-forward.rules"
xtables-monitor --trace > "$out" 2>&1 &
monitor=$!
sleep 0.5
ip netns exec trccli nc -z -w1 -p 35886 10.8.2.2 80 || true
nc -z -w1 -p 45666 10.8.2.2 81 || true
sleep 0.3
kill "$monitor"
wait "$monitor" 2>/dev/null || true
cp "$out" "$here/monitor-forward.txt"
rm -f "$out"
