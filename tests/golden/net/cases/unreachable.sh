# Destinations that cannot be reached: no route here, none at the router, routes of type
# unreachable/prohibit/blackhole, and a neighbour that never answers ARP.
ip netns add A
ip netns add R
ip link add a0 type veth peer name r0
ip link set a0 netns A
ip link set r0 netns R
ip -n A addr add 10.0.1.2/24 dev a0
ip -n R addr add 10.0.1.1/24 dev r0
ip -n A link set lo up
ip -n R link set lo up
ip -n A link set a0 up
ip -n R link set r0 up
ip netns exec A ping -c 1 192.168.9.9
echo "exit $?"
ip -n A route add default via 10.0.1.1
ip netns exec A ping -c 1 -W 1 192.168.9.9
echo "exit $?"
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip netns exec A ping -c 1 192.168.9.9
echo "exit $?"
ip -n R route add unreachable 192.168.9.0/24
ip netns exec A ping -c 1 192.168.9.9
echo "exit $?"
ip -n R route del unreachable 192.168.9.0/24
ip -n R route add prohibit 192.168.9.0/24
ip netns exec A ping -c 1 192.168.9.9
echo "exit $?"
ip -n R route del prohibit 192.168.9.0/24
ip -n R route add blackhole 192.168.9.0/24
ip netns exec A ping -c 1 -W 1 192.168.9.9
echo "exit $?"
ip -n A route add blackhole 172.16.1.0/24
ip netns exec A ping -c 1 172.16.1.1
echo "exit $?"
ip -n A route add prohibit 172.16.2.0/24
ip netns exec A ping -c 1 172.16.2.1
echo "exit $?"
ip -n A route add unreachable 172.16.3.0/24
ip netns exec A ping -c 1 172.16.3.1
echo "exit $?"
ip netns exec A ping -c 1 10.0.1.99
echo "exit $?"
ip netns exec A ping -c 3 -i 0.2 10.0.1.98
echo "exit $?"
ip netns exec A ping -c 1 10.0.1.1
echo "exit $?"
ip -n A neigh show nud failed | sort
ip netns exec R ping -c 1 -W 1 10.0.1.77
echo "exit $?"
ip netns exec A nc -zv 10.0.1.97 80
echo "exit $?"
ip netns exec A nc -zv -w 2 192.168.9.9 80
echo "exit $?"
