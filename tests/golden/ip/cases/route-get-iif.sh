# ip route get ... iif DEV: the input route a packet from SRC arriving on DEV would get
# (local, broadcast, forwarded, or refused: forwarding off, no route, martians, rp_filter),
# and oif DEV without a route out of it, and mark N.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.1.0.1/16 dev veth2
ip link set veth0 up
ip link set veth1 up
ip link set veth2 up
ip link set veth3 up
ip route get 10.0.0.1 from 10.0.0.2 iif veth0
ip route get 10.1.0.1 from 10.0.0.2 iif veth0
ip route get 10.1.2.3 from 10.0.0.2 iif veth0
ip route get 10.0.0.255 from 10.0.0.2 iif veth0
ip route get 255.255.255.255 from 10.0.0.2 iif veth0
ip route get 9.9.9.9 from 10.0.0.2 iif veth0
ip route get 10.1.2.3 iif veth0
ip route get 10.0.0.1 iif veth0
ip route get 10.1.2.3 from 127.0.0.1 iif veth0
ip route get 127.0.0.1 from 10.0.0.2 iif veth0
ip route get 10.0.0.1 from 10.0.0.1 iif veth0
ip route get 10.0.0.1 from 224.0.0.1 iif veth0
ip route get 10.0.0.1 from 10.0.0.2 iif nosuch
ip route get 10.0.0.1 from 10.0.0.2 iif lo
sysctl -w net.ipv4.ip_forward=1
ip route get 10.1.2.3 from 10.0.0.2 iif veth0
ip route get 10.0.0.1 from 10.0.0.2 iif veth0
ip route get 9.9.9.9 from 10.0.0.2 iif veth0
ip route get 10.0.0.7 from 10.0.0.2 iif veth0
ip route get 10.1.2.3 from 10.1.0.9 iif veth0
ip route get 10.1.2.3 from 8.8.8.8 iif veth0
sysctl -w net.ipv4.conf.all.rp_filter=1
ip route get 10.1.2.3 from 10.1.0.9 iif veth0
ip route get 10.1.2.3 from 8.8.8.8 iif veth0
ip route get 10.0.0.1 from 10.1.0.9 iif veth0
ip route get 10.1.2.3 from 10.0.0.2 iif veth0
sysctl -w net.ipv4.conf.all.rp_filter=2
ip route get 10.1.2.3 from 10.1.0.9 iif veth0
ip route get 10.1.2.3 from 8.8.8.8 iif veth0
sysctl -w net.ipv4.conf.all.rp_filter=0
ip route add default via 10.1.0.254
ip route get 9.9.9.9 from 10.0.0.2 iif veth0
ip route add unreachable 31.0.0.0/8
ip route add prohibit 32.0.0.0/8
ip route add blackhole 30.0.0.0/8
ip route get 31.1.1.1 from 10.0.0.2 iif veth0
ip route get 32.1.1.1 from 10.0.0.2 iif veth0
ip route get 30.1.1.1 from 10.0.0.2 iif veth0
ip -j route get 10.1.2.3 from 10.0.0.2 iif veth0
ip -j route get 10.0.0.1 from 10.0.0.2 iif veth0
ip route get fibmatch 10.1.2.3 from 10.0.0.2 iif veth0
ip route get 10.1.2.3 from 10.0.0.2 iif veth0 mark 7
ip route get 10.1.2.3 mark 7
ip route get 10.1.2.3 mark 0x10
ip route get 10.1.2.3 mark bad
ip -j route get 10.1.2.3 mark 20
ip -j route get 10.1.2.3 from 10.0.0.2 iif veth0 mark 20
ip route get 10.0.0.7 from 10.0.0.2 iif veth0 mark 20
ip route get 10.0.0.2 oif veth2
ip route get 10.1.2.3 iif veth0 from 10.0.0.2
ip route get 10.1.2.3 from 10.0.0.2 iif
ip route del default
ip route get 8.8.8.8 oif veth0
ip route get 8.8.8.8 oif veth2 from 10.0.0.1
ip link set veth0 down
ip route get 8.8.8.8 oif veth0
ip route get 10.1.2.3 from 10.0.0.2 iif veth0
