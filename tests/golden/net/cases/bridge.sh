# A Docker-style host: a bridge br0 holding the host's address 10.20.0.1/24, and two
# "containers" (namespaces C1 and C2) whose veths' host ends vc1 and vc2 are its ports.
# Containers reach each other through the bridge and the host on br0; tcpdump on a port
# shows the broadcast ARP requests flooded to every port and the unicast frames going only
# to the port their destination was learned on; a port that leaves the bridge is cut off.
# The kernel lists neighbours in the order of a hash with a random seed, hence the sort.
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
ip -n C1 link set lo up
ip -n C2 link set lo up
ip -n C1 link set eth0 up
ip -n C2 link set eth0 up
ip -n C1 route add default via 10.20.0.1
ip -n C2 route add default via 10.20.0.1
sleep 1
ip link show master br0
ip -br link show br0
ip route
tcpdump -l -n -e -i vc2 arp or icmp &
sleep 1
ip netns exec C1 ping -c 2 -i 0.5 -e 4242 10.20.0.3 > /dev/null
sleep 1
kill $!
wait
tcpdump -l -n -e -i vc1 arp or icmp &
sleep 1
ip netns exec C2 ping -c 1 -e 4343 10.20.0.1 > /dev/null
sleep 1
kill $!
wait
tcpdump -l -n -i br0 arp or icmp &
sleep 1
ping -c 1 -e 4444 10.20.0.2 > /dev/null
ip netns exec C2 ping -c 1 -e 4545 10.20.0.2 > /dev/null
sleep 1
kill $!
wait
ip neigh show 10.20.0.2 dev br0
ip neigh show 10.20.0.3 dev br0
ip netns exec C2 ping -c 1 10.20.0.1
ip netns exec C1 ping -c 1 10.20.0.3
ip -n C1 neigh | sort
ip link set vc2 nomaster
ip netns exec C1 ping -c 1 -W 1 10.20.0.3
ip link set vc2 master br0
sleep 1
ip netns exec C1 ping -c 1 10.20.0.3
ip link del br0
ip netns exec C1 ping -c 1 -W 1 10.20.0.1
