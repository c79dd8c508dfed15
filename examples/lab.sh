# The lab: two network namespaces, LEMON and LIME, joined by a veth pair, typed as on
# Linux (as root). Run it with:  bin/nfsim run -x examples/lab.sh   (npm start shows it too)

ip netns add LEMON
ip netns add LIME
ip link add veth-lemon type veth peer name veth-lime
ip link set veth-lemon netns LEMON
ip link set veth-lime netns LIME
ip -n LEMON addr add 10.10.10.1/24 dev veth-lemon
ip -n LIME addr add 10.10.10.2/24 dev veth-lime
ip -n LEMON link set lo up
ip -n LIME link set lo up
ip -n LEMON link set veth-lemon up
ip -n LIME link set veth-lime up

# LEMON can reach LIME.
ip netns exec LEMON ping -c 2 10.10.10.2

# LIME drops everything from LEMON: the same ping now fails.
ip netns exec LIME iptables -A INPUT -s 10.10.10.1 -j DROP
ip netns exec LEMON ping -c 2 10.10.10.2
ip netns exec LIME iptables -L INPUT -v

# LEMON still remembers LIME's MAC address.
ip netns exec LEMON ip neighbor

# A shell inside LEMON until exit.
nsenter --net=/var/run/netns/LEMON
ip -br addr
ip route
exit
