# The `bridge` command: `bridge link` (the ports, their state and, with -d, their flags;
# a peer in another namespace is named by whatever has its index here), `bridge link set`
# and `ip link set ... type bridge_slave` of the port flags, and `bridge fdb`: a port's
# entries newest first, then its own MAC, then the multicast groups each device joined
# ("self permanent"); entries added as static, permanent (the default) or dynamic, and the
# errors of the real tool. IPv6 is off on the peers so that their router solicitations
# and DAD probes teach the bridge nothing at a random time.
ip netns add C1
ip link add br0 type bridge
ip link add vc1 address 02:00:00:00:00:11 type veth peer name eth0 netns C1 address 02:00:00:00:01:01
ip link add vc2 address 02:00:00:00:00:12 type veth peer name p2 address 02:00:00:00:02:02
bridge link
ip link set vc1 master br0
ip link set vc2 master br0
bridge link
bridge -d link show dev vc2
ip netns exec C1 sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1
sysctl -q -w net.ipv6.conf.p2.disable_ipv6=1
ip addr add 10.9.0.1/24 dev br0
ip -n C1 addr add 10.9.0.2/24 dev eth0
ip link set br0 up
ip link set vc1 up
ip -n C1 link set eth0 up
ip link set vc2 up
bridge link show
bridge -j link
bridge -j -p link show dev vc1
ping -c 1 10.9.0.2 > /dev/null
bridge fdb show br br0
bridge fdb show dev vc1
bridge -j fdb show dev vc1
bridge link set dev vc1 hairpin on learning off
bridge link set dev vc2 flood off isolated on guard on
bridge -d link
bridge -d -j link show dev vc2
ip -d link show vc1 | grep -o 'hairpin [a-z]*'
bridge link set dev vc1 hairpin bogus
bridge link set dev nosuch hairpin on
bridge link set dev p2 hairpin on
bridge link set vc1 hairpin on
bridge link set hairpin on
bridge link show dev nosuch
ip link set vc2 type bridge_slave hairpin on learning off
bridge -d link show dev vc2
ip link set vc2 type bridge_slave
ip link set p2 type bridge_slave hairpin on
ip link set vc2 type bridge_slave hairpin xx
ip link set vc2 type bridge_slave bogus on
bridge fdb add 02:00:00:00:aa:01 dev vc1 master static
bridge fdb add 02:00:00:00:aa:02 dev vc1 master
bridge fdb add 02:00:00:00:aa:03 dev vc2 master permanent
bridge fdb add 02:00:00:00:aa:01 dev vc1 master static
bridge fdb replace 02:00:00:00:aa:01 dev vc2 master static
bridge fdb add 02:00:00:00:aa:04 dev nosuch master
bridge fdb add zz dev vc1 master
bridge fdb add 02:00:00:00:aa:05 dev vc1 master dynamic
bridge fdb add 02:00:00:00:aa:06 dev p2 master
bridge fdb add 02:00:00:00:aa:07 dev vc1 master
bridge fdb add dev vc1 master
bridge fdb show br br0
bridge fdb del 02:00:00:00:aa:02 dev vc1 master
bridge fdb del 02:00:00:00:aa:02 dev vc1 master
bridge fdb show dev vc1
bridge fdb show dev nosuch
bridge fdb show br nosuch
bridge fdb show br vc1
bridge bogus
bridge link bogus
bridge fdb bogus
bridge -V
bridge -x
bridge
