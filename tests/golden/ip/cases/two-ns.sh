# Two namespaces joined by a veth pair, each with an address and a default route: the
# usual first lab.
ip netns add left
ip netns add right
ip link add veth-l type veth peer name veth-r
ip link set veth-l netns left
ip link set veth-r netns right
ip netns list
ip -n left addr add 10.0.0.1/24 dev veth-l
ip -n right addr add 10.0.0.2/24 dev veth-r
ip -n left link set lo up
ip -n right link set lo up
ip -n left link set veth-l up
ip -n left link show veth-l
ip -n right link set veth-r up
ip -n left link show veth-l
ip -n right link show veth-r
ip netns exec left ip addr
ip netns exec right ip -4 addr
ip -n left route add default via 10.0.0.2
ip -n right route add default via 10.0.0.1
ip -n left route
ip -n right route show table all
ip -n left route get 10.0.0.2
ip -n left route get 8.8.8.8
ip -n right route get 10.0.0.1
ip -n left -br addr
ip -n right -br link
ip -n left -j addr show veth-l
ip netns exec left sysctl net.ipv4.ip_forward
ip link
ip -n left neigh
ip netns del left
ip netns del right
sleep 1
ip netns list
