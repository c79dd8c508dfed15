# br_netfilter: with net.bridge.bridge-nf-call-iptables=1 (as Docker sets it) the IPv4
# frames a bridge forwards between two containers' ports cross the host's iptables at
# PREROUTING, FORWARD and POSTROUTING, with -i/-o the bridge and -m physdev the ports, and
# without ip_forward; frames for the host keep their port for -m physdev in INPUT. With
# the switch at 0 they bypass iptables.
ip netns add C1
ip netns add C2
ip link add br0 type bridge
ip link add vc1 address 02:00:00:00:00:11 type veth peer name eth0 netns C1 address 02:00:00:00:01:01
ip link add vc2 address 02:00:00:00:00:12 type veth peer name eth0 netns C2 address 02:00:00:00:02:02
ip link set vc1 master br0
ip link set vc2 master br0
ip addr add 10.20.0.1/24 dev br0
ip link set br0 up
ip link set vc1 up
ip link set vc2 up
ip -n C1 addr add 10.20.0.2/24 dev eth0
ip -n C2 addr add 10.20.0.3/24 dev eth0
ip -n C1 link set eth0 up
ip -n C2 link set eth0 up
sleep 1
sysctl -w net.bridge.bridge-nf-call-iptables=0
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in vc1 --physdev-out vc2 -p icmp --icmp-type echo-request -j DROP
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-is-bridged -p icmp
iptables -A INPUT -i br0 -m physdev --physdev-in vc2 -p icmp
iptables -A INPUT -i br0 -m physdev ! --physdev-is-in -p icmp
iptables -t mangle -A PREROUTING -i br0 -m physdev --physdev-in vc1 -p icmp
iptables -t mangle -A POSTROUTING -o br0 -m physdev --physdev-out vc2 -p icmp
iptables -t mangle -A POSTROUTING -o br0 -m physdev ! --physdev-is-out -p icmp
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
iptables -L FORWARD -v -n -x
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
ip netns exec C2 ping -c 2 -i 0.5 10.20.0.2
ip netns exec C2 ping -c 1 10.20.0.1
iptables -L -v -n -x
iptables -t mangle -L -v -n -x
sysctl net.ipv4.ip_forward
sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
