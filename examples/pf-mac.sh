# A Mac's own side of a lab: macOS's ping and sysctl, pf logging to pflog0, nat, and the
# routing options route-to and reply-to that send packets past the routing table.
# Run it with:  bin/nfsim run -x examples/pf-mac.sh
#
# LIME (Linux, 10.10.10.2) sits on the Mac's en0; GW (Linux, 10.20.0.2, and 10.99.0.5 on
# its loopback) on en1. The Mac's default route points at LIME.

ip netns add LIME
ip netns add MAC
ip netns add GW
nfsim host MAC --os macos
ip link add veth0 netns LIME type veth peer name en0 netns MAC
ip link add veth0 netns GW type veth peer name en1 netns MAC
ip -n LIME addr add 10.10.10.2/24 dev veth0
ip -n MAC addr add 10.10.10.1/24 dev en0
ip -n MAC addr add 10.20.0.1/24 dev en1
ip -n GW addr add 10.20.0.2/24 dev veth0
ip -n GW addr add 10.99.0.5/32 dev lo
ip -n LIME link set veth0 up
ip -n MAC link set en0 up
ip -n MAC link set en1 up
ip -n GW link set veth0 up
ip -n LIME route add default via 10.10.10.1
ip -n MAC route add default via 10.10.10.2

# On the Mac, ping is macOS's: icmp_seq counts from 0, and the statistics block is BSD's.
ip netns exec MAC ping -c 2 10.10.10.2

# The Mac routes and translates; pf logs what it blocks, and answers 10.99.0.5 back
# through en1 (reply-to) and sends its pings to 10.10.10.3 out of en1 (route-to).
nsenter --net=/var/run/netns/MAC
sysctl -w net.inet.ip.forwarding=1
pfctl -q -f - <<'EOF'
nat on en1 from 10.10.10.0/24 to any -> (en1)
block in log on en0 proto icmp to 10.10.10.1
pass in on en1 reply-to (en1 10.20.0.2) proto icmp from 10.99.0.5
pass out on en0 route-to (en1 10.20.0.2) proto icmp to 10.10.10.3
EOF
pfctl -q -e
exit

# Captures: pflog0 on the Mac (with -e, the pflog header), and the wire at GW.
ip netns exec MAC tcpdump -n -e -i pflog0 &
LOG=$!
ip netns exec GW tcpdump -n -i veth0 icmp &
WIRE=$!

# LIME's ping to the Mac is blocked and logged: pflog0 names the rule.
ip netns exec LIME ping -c 1 -W 1 10.10.10.1

# LIME's ping through the Mac leaves translated to 10.20.0.1 (GW sees the Mac).
ip netns exec LIME ping -c 1 10.20.0.2

# GW pings from 10.99.0.5: the reply leaves by en1, not by the Mac's default route.
ip netns exec GW ping -c 1 -I 10.99.0.5 10.20.0.1

# The Mac's ping to 10.10.10.3 goes out of en1 to GW, which does not forward it.
ip netns exec MAC ping -c 1 -W 100 10.10.10.3

# The nat rule counts the state it made; the states remember their translation.
nsenter --net=/var/run/netns/MAC
pfctl -s nat -v
pfctl -s states
exit
kill $LOG $WIRE
