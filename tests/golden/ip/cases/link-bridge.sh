# Linux bridges (net/bridge): creation, ports (master/nomaster), the bridge's MAC taken from
# its lowest port unless set, its MTU following the smallest port, its carrier following
# its forwarding ports (linkwatch runs carrier-off late: `sleep 1` lets it settle), the
# filters `master` and `type bridge`, deletion, and the refusals.
ip link add br0 type bridge
ip link show br0
ip link set br0 up
ip link show br0
ip link add v0 address 02:00:00:00:00:10 type veth peer name v1
ip link add v2 address 02:00:00:00:00:20 type veth peer name v3
ip link set v0 master br0
sleep 1
ip link show br0
ip link show v0
ip link set v0 up
sleep 1
ip link show br0
ip link set v1 up
sleep 1
ip link
ip -br link
ip -o link show master br0
ip -j link show v0
ip -j link show br0
ip link set v2 master br0
ip link set v2 mtu 1300
ip link show br0
ip link show master br0
ip link show type bridge
ip link show type veth
ip link set v2 mtu 1500
ip link show br0
ip link set v0 master br0
ip link set v0 master nosuch
ip link set v0 master v2
ip link set br0 master br0
ip link set lo master br0
ip link show master v2
ip link show master nosuch
ip addr add 10.0.0.1/24 dev br0
ip addr show br0
ip route
ip link add br1 type bridge
ip link set v2 master br1
ip link show master br0
ip link show master br1
ip link set v2 nomaster
ip link set v2 nomaster
ip link show v2
ip link show br1
ip link set v0 nomaster
sleep 1
ip link show br0
ip link set v0 master br0
sleep 1
ip link show br0
ip link set v1 down
sleep 1
ip link show br0
ip link set v1 up
sleep 1
ip link show br0
ip link del br0
ip link show v0
ip link show type bridge
ip link add br2 address 02:00:00:00:00:01 type bridge
ip link set v0 master br2
ip link show br2
ip link set br1 address 02:00:00:00:00:ff
ip link set v2 master br1
ip link show br1
ip link set v2 nomaster
ip link show br1
ip link add br3 type bridge
ip link add br3 type bridge
ip -br link show type bridge
ip link add br4 type bridge mtu 9000
ip link add br4 type bridge help
ip link add br4 mtu 9000 type bridge
ip link set v2 master br4
ip link show br4
ip link set br4 down
ip addr show v2
ip netns add n1
ip link set br4 netns n1
ip link set v2 netns n1
ip link show master br4
ip -n n1 link show v2
ip link add v5 master br3 type veth peer name v6
ip link show master br3
ip link del br1
ip link del br2
ip link del br3
ip link del br4
ip link del v0
ip link del v2
ip link
