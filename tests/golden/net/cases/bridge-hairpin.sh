# A Kubernetes node's cbr0: pods C1 and C2 on bridge br0 with br_netfilter on, and
# kube-proxy-like rules: the Service IP 10.96.0.10 DNATs to pod C1, and a pod reaching
# itself through it is masqueraded. The DNAT happens in br_netfilter's PREROUTING
# (br_nf_pre_routing_finish): the new destination is on the same bridge, so the frame is
# bridged to it (FORWARD in and out br0, no TTL decrement) instead of routed. From C2 it
# leaves by another port; from C1 it must go back out of the port it came in by, which
# the bridge refuses unless that port is in hairpin mode (br_forward.c should_deliver).
# The Service IP 10.96.0.11 DNATs to 10.30.0.2 behind the veth v3: that packet is routed.
ip netns add C1
ip netns add C2
ip netns add C3
ip link add br0 type bridge
ip link add vc1 address 02:00:00:00:00:11 type veth peer name eth0 netns C1 address 02:00:00:00:01:01
ip link add vc2 address 02:00:00:00:00:12 type veth peer name eth0 netns C2 address 02:00:00:00:02:02
ip link add v3 address 02:00:00:00:00:13 type veth peer name eth0 netns C3 address 02:00:00:00:03:03
ip link set vc1 master br0
ip link set vc2 master br0
ip addr add 10.20.0.1/24 dev br0
ip addr add 10.30.0.1/24 dev v3
ip link set br0 up
ip link set vc1 up
ip link set vc2 up
ip link set v3 up
ip -n C1 addr add 10.20.0.2/24 dev eth0
ip -n C2 addr add 10.20.0.3/24 dev eth0
ip -n C3 addr add 10.30.0.2/24 dev eth0
ip -n C1 link set eth0 up
ip -n C2 link set eth0 up
ip -n C3 link set eth0 up
ip -n C1 route add default via 10.20.0.1
ip -n C2 route add default via 10.20.0.1
ip -n C3 route add default via 10.30.0.1
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.bridge.bridge-nf-call-iptables=1
sleep 1
iptables -t nat -A PREROUTING -d 10.96.0.10 -j DNAT --to-destination 10.20.0.2
iptables -t nat -A PREROUTING -d 10.96.0.11 -j DNAT --to-destination 10.30.0.2
iptables -t nat -A POSTROUTING -s 10.20.0.2 -d 10.20.0.2 -j MASQUERADE
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-is-bridged -p icmp
iptables -A FORWARD -i br0 -o v3 -p icmp
iptables -A FORWARD -i v3 -o br0 -p icmp
ping -c 1 10.20.0.2 > /dev/null
ping -c 1 10.20.0.3 > /dev/null
ip netns exec C2 ping -c 1 -W 1 10.96.0.10
ip netns exec C1 ping -c 1 -W 1 10.96.0.10
bridge -d link show dev vc1
bridge link set dev vc1 hairpin on
bridge -d link show dev vc1
tcpdump -l -n -e -i vc1 icmp &
sleep 1
ip netns exec C1 ping -c 1 -W 1 -e 4646 10.96.0.10 > /dev/null
sleep 1
kill $!
wait
ip netns exec C2 ping -c 1 -W 1 10.96.0.11
ip netns exec C1 ping -c 1 -W 1 10.96.0.10
iptables -L FORWARD -v -n -x
iptables -t nat -L -v -n -x
ip link set vc1 type bridge_slave hairpin off
ip -d link show vc1 | grep -o 'hairpin [a-z]*'
ip netns exec C1 ping -c 1 -W 1 10.96.0.10
