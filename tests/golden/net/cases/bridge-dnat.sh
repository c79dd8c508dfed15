# DNAT in br_netfilter's PREROUTING (br_nf_pre_routing_finish), for frames to the bridge's
# MAC (a pod using its gateway) and for frames bridged between pods. With ip_forward off,
# every DNATed packet is lost, even one to a host on the same bridge: the input route that
# would send it back to the bridge is unreachable then (the kernel's fallback to the output
# route never runs), and only bridged pod-to-pod pings pass FORWARD. With ip_forward on, a
# frame C2 sent to C1's MAC but DNATed to 10.30.0.2 is routed (TTL 63, FORWARD in br0 out
# v3); and one DNATed from C1's address to the host's own lands in INPUT.
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
sysctl -w net.bridge.bridge-nf-call-iptables=1
sleep 1
iptables -t nat -A PREROUTING -d 10.96.0.10 -j DNAT --to-destination 10.20.0.2
iptables -t nat -A PREROUTING -d 10.96.0.11 -j DNAT --to-destination 10.30.0.2
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-is-bridged -p icmp
iptables -A FORWARD -i br0 -o v3 -p icmp
iptables -A INPUT -i br0 -p icmp
ping -c 1 10.20.0.2 > /dev/null
ping -c 1 10.20.0.3 > /dev/null
ping -c 1 10.30.0.2 > /dev/null
ip netns exec C2 ping -c 1 10.20.0.2 > /dev/null
ip netns exec C2 ping -c 1 -W 1 10.96.0.10
ip netns exec C2 ping -c 1 -W 1 10.96.0.11
iptables -L FORWARD -v -n -x
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -I PREROUTING -s 10.20.0.3 -d 10.20.0.2 -p icmp -j DNAT --to-destination 10.30.0.2
tcpdump -l -n -e -i v3 icmp &
sleep 1
ip netns exec C2 ping -c 1 -W 1 -e 4747 10.20.0.2 > /dev/null
sleep 1
kill $!
wait
ip netns exec C2 ping -c 1 -W 1 10.20.0.2
iptables -t nat -D PREROUTING 1
iptables -t nat -I PREROUTING -s 10.20.0.3 -d 10.20.0.2 -p icmp -j DNAT --to-destination 10.20.0.1
ip netns exec C2 ping -c 1 -W 1 10.20.0.2
iptables -L -v -n -x
iptables -t nat -L PREROUTING -v -n -x
