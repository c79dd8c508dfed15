# Three namespaces: two hosts and a router between them with forwarding on, routes through
# the router, and the route lookups on each.
ip netns add h1
ip netns add r
ip netns add h2
ip link add h1-eth0 netns h1 type veth peer name r-eth0 netns r
ip link add h2-eth0 netns h2 type veth peer name r-eth1 netns r
ip netns list
ip -n r link
ip -n h1 link
ip -n h1 addr add 192.168.1.10/24 dev h1-eth0
ip -n r addr add 192.168.1.1/24 dev r-eth0
ip -n r addr add 192.168.2.1/24 dev r-eth1
ip -n h2 addr add 192.168.2.10/24 dev h2-eth0
ip -n h1 link set h1-eth0 up
ip -n h2 link set h2-eth0 up
ip -n r link set r-eth0 up
ip -n r link set r-eth1 up
ip -n r link set lo up
ip -n h1 route add default via 192.168.1.1
ip -n h2 route add 192.168.1.0/24 via 192.168.2.1 dev h2-eth0
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r sysctl net.ipv4.conf.r-eth0.forwarding
ip -n r route
ip -n r route show table local
ip -n h1 route
ip -n h2 route
ip -n h1 route get 192.168.2.10
ip -n r route get 192.168.2.10
ip -n h2 route get 192.168.1.10
ip -n h2 route get 10.0.0.1
ip -n r -br addr
ip -n r -4 -o addr
ip -n h1 netns list
ip -n r netns list-id
ip -n r link set r-eth1 down
ip -n h2 link show h2-eth0
ip -n r route
ip -n h2 route
ip -n r link set r-eth1 up
ip -n r route
ip -n h2 route
