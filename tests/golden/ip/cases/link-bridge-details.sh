# `ip -d link` of a bridge and of its port (the bridge and bridge_slave lines, text and
# JSON): the bridge id from the port's MAC, the port's number and state, and the port's
# forward_delay_timer, which has run out 15 s after the port started forwarding. The
# bridge's gc_timer is shown only while the bridge is down (when up it counts real time).
ip link add br0 type bridge
ip -d link show br0
ip link add v0 address 02:00:00:00:00:10 type veth peer name v1
ip link add v2 address 02:00:00:00:00:20 type veth peer name v3
ip link set v2 master br0
ip link set v0 master br0
ip -d link show v0
ip -d -j link show v2
ip -d link show br0
ip -d -j -p link show br0
ip link set v0 up
ip link set v1 up
ip link set br0 up
sleep 16
ip -d link show v0
ip -d -j link show v0
ip -d link show v2
ip link set v0 nomaster
ip -d link show v0
ip link set br0 down
ip -d link show br0
