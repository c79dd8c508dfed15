# TTL expiry: a packet that would leave the router with TTL 0 is answered with ICMP time
# exceeded from the router's address toward the sender.
ip netns add A
ip netns add R
ip netns add B
ip link add a0 type veth peer name r0
ip link add b0 type veth peer name r1
ip link set a0 netns A
ip link set r0 netns R
ip link set r1 netns R
ip link set b0 netns B
ip -n A addr add 10.0.1.2/24 dev a0
ip -n R addr add 10.0.1.1/24 dev r0
ip -n R addr add 10.0.2.1/24 dev r1
ip -n B addr add 10.0.2.2/24 dev b0
ip -n A link set lo up
ip -n R link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n R link set r0 up
ip -n R link set r1 up
ip -n B link set b0 up
ip -n A route add default via 10.0.1.1
ip -n B route add default via 10.0.2.1
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec A ping -c 1 -t 1 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.5 -t 1 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -t 2 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -t 1 10.0.1.1
echo "exit $?"
ip netns exec A ping -q -c 1 -t 1 10.0.2.2
echo "exit $?"
