# veth pairs in one namespace: creation, names, carrier and operational state as each end
# goes up and down, M-DOWN, renames, MTU, MAC, deletion of the pair, and the output formats.
ip link
ip link add veth0 type veth peer name veth1
ip link add veth0 type veth peer name veth9
ip link add vethx type veth peer name veth1
ip link add v2 type veth
ip link
ip link show veth0
ip link set veth0 up
ip link show veth0
ip link show veth1
ip link set dev veth1 up
ip link show
ip -br link
ip -br -c link show veth0
ip -o link
ip -j link show veth0
ip -j -p link show veth1
ip link set veth0 down
ip -br link
ip link show up
ip link show type veth
ip link set veth0 mtu 9000
ip link set veth0 mtu 70000
ip link set veth0 mtu 10
ip link set veth0 mtu abc
ip link set veth0 address 02:11:22:33:44:55
ip link set veth0 address 02:11:22:33:44
ip link set veth0 address zz
ip link set veth0 address 01:00:00:00:00:01
ip link show veth0
ip link set veth0 name eth0
ip link show eth0
ip link show veth1
ip link set eth0 name veth1
ip link set eth0 name 0123456789abcdefg
ip link set eth0 up name eth1
ip link show eth1
ip link set nosuch up
ip link show nosuch
ip link del nosuch
ip link set
ip link add v9
ip link add v9 type nosuchkind
ip link add 0123456789abcdefg type veth
ip link add vv type veth peer
ip link add vv type veth bogus
ip link frob
ip link set eth1 down
ip link set eth1 arp off
ip link set eth1 promisc on
ip link show eth1
ip link set eth1 arp maybe
ip link set eth1 arp on promisc off
ip -d link show eth1
ip -d link show lo
ip -s link show lo
ip link set eth1 alias uplink
ip link show eth1
ip link del eth1
ip link
ip link del lo
ip link add peerless type veth peer name other mtu 1400
ip link show other
ip link help veth
