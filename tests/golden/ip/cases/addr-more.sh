# More address cases: /31 and /32, metric and noprefixroute, replace, promote_secondaries,
# flush by family, labels after a rename, a loopback-scoped address, peer addresses.
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.1/31 dev veth0
ip addr add 10.0.1.1/32 dev veth0
ip addr add 10.0.2.1/30 brd + dev veth0
ip addr add 10.0.3.1/24 dev veth0 metric 200
ip addr add 10.0.4.1/24 dev veth0 noprefixroute
ip route show table all
ip -4 a show veth0
ip addr replace 10.0.3.1/24 dev veth0 metric 300
ip addr replace 10.0.5.1/24 dev veth0
ip -4 a show veth0
ip route
ip addr add 10.0.5.2/24 dev veth0
ip addr add 10.0.5.3/24 dev veth0
sysctl -w net.ipv4.conf.veth0.promote_secondaries=1
ip addr del 10.0.5.1/24 dev veth0
ip -4 a show veth0
ip route show table all
ip addr add 10.1.0.1/24 dev veth1
ip addr add 10.1.0.2/24 dev veth1
ip addr add 10.1.0.3/24 dev veth1
ip link set veth1 name eth1
ip -4 a show eth1
ip -4 addr flush dev eth1
ip a show eth1
ip addr add 192.0.2.1 peer 192.0.2.2/32 dev eth1
ip addr add 192.0.2.5/24 dev eth1 label eth1:0
ip addr add 192.0.2.6/24 dev eth1 label other
ip -4 a show eth1
ip route show table all dev eth1
ip addr del 192.0.2.5/24 dev eth1 label eth1:1
ip addr del 192.0.2.5/24 dev eth1 label eth1:0
ip -4 a show eth1
ip -6 addr flush dev eth1
ip a show eth1
ip addr add 10.9.0.1/24 dev eth1 valid_lft forever preferred_lft forever
ip addr add 10.9.0.2/24 dev eth1 home
ip addr add 10.9.0.3/24 dev eth1 secondary
ip -4 -br a show eth1
