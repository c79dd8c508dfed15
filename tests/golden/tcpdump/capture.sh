#!/bin/sh
# Captures real-a0.pcap: A (10.0.0.1) -- bridge -- R (10.0.0.254 | 10.0.1.254) -- B (10.0.1.2),
# with C (10.0.0.3) on the bridge, all in private network namespaces (root, iproute2,
# tcpdump, ping, python3). Traffic: ARP, pings, TTL exceeded, UDP to a closed port, TCP to a
# closed port and a short TCP exchange, net unreachable, a redirect, fragments, record route.
set -e
P=nfsim-wire
OUT=${1:-real-a0.pcap}
for n in a r b c sw; do ip netns add $P-$n; done
# No IPv6: its link-up chatter (MLD, router solicitations) is not what the fixture is about.
for n in a r b c sw; do ip netns exec $P-$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
trap 'for n in a r b c sw; do ip netns del $P-$n; done' EXIT
ip -n $P-sw link add br0 type bridge && ip -n $P-sw link set br0 up
for n in a r c; do
  ip link add ${n}0 netns $P-$n type veth peer name sw-$n netns $P-sw
  ip -n $P-sw link set sw-$n master br0 up
done
ip link add r1 netns $P-r type veth peer name b0 netns $P-b
ip -n $P-a addr add 10.0.0.1/24 dev a0; ip -n $P-c addr add 10.0.0.3/24 dev c0
ip -n $P-r addr add 10.0.0.254/24 dev r0; ip -n $P-r addr add 10.0.1.254/24 dev r1
ip -n $P-b addr add 10.0.1.2/24 dev b0
for d in a:a0 c:c0 r:r0 r:r1 b:b0 a:lo b:lo r:lo c:lo; do ip -n $P-${d%%:*} link set ${d##*:} up; done
ip -n $P-a route add default via 10.0.0.254; ip -n $P-b route add default via 10.0.1.254
ip -n $P-r route add 10.0.3.0/24 via 10.0.0.3
ip netns exec $P-r sysctl -qw net.ipv4.ip_forward=1
A="ip netns exec $P-a"
$A tcpdump -i a0 -U -w "$OUT" 2>/dev/null & TD=$!
sleep 1
$A ping -c 2 -i 0.2 10.0.1.2 >/dev/null
$A ping -c 1 -t 1 10.0.1.2 >/dev/null || true
$A python3 -c 'import socket,time; s=socket.socket(2,2); s.sendto(b"hello",("10.0.1.2",9999)); time.sleep(0.3)'
$A python3 -c 'import socket
try: socket.create_connection(("10.0.1.2",81),timeout=1)
except OSError: pass'
ip netns exec $P-b python3 -c 'import socket
s=socket.socket(); s.setsockopt(1,2,1); s.bind(("0.0.0.0",5555)); s.listen(1)
c,_=s.accept(); c.recv(100); c.sendall(b"world\n"); c.recv(100); c.close()' & S=$!
sleep 0.5
$A python3 -c 'import socket,time
s=socket.create_connection(("10.0.1.2",5555),timeout=2); s.sendall(b"hello\n"); s.recv(100); time.sleep(0.1); s.close()'
wait $S
$A ping -c 1 -W 1 10.0.2.1 >/dev/null || true
$A ping -c 1 -W 1 10.0.3.1 >/dev/null || true
$A ping -c 1 -s 2000 10.0.1.2 >/dev/null
$A ping -c 1 -R 10.0.1.2 >/dev/null
sleep 1
kill -INT $TD; wait $TD
