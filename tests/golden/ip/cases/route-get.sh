# ip route get: longest prefix match, metric order, local and broadcast destinations, the
# source address the kernel picks, and the errors of unreachable, blackhole and prohibit.
ip link add veth0 type veth peer name veth1
ip link add veth2 type veth peer name veth3
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.11/24 dev veth0
ip addr add 10.1.0.1/16 dev veth2
ip link set veth0 up
ip link set veth2 up
ip route get 10.0.0.2
ip route get 10.1.2.3
ip route get 8.8.8.8
ip route add default via 10.0.0.254
ip route add 8.8.0.0/16 via 10.1.0.254
ip route add 8.8.8.0/24 via 10.0.0.253 metric 10
ip route add 8.8.8.0/24 via 10.1.0.253 metric 5
ip route get 8.8.8.8
ip route get 8.8.9.9
ip route get 9.9.9.9
ip route add 20.0.0.0/8 dev veth2 src 10.0.0.11
ip route get 20.1.1.1
ip route get 10.0.0.1
ip route get 10.0.0.11
ip route get 10.0.0.255
ip route get 10.1.255.255
ip route get 127.0.0.1
ip route add blackhole 30.0.0.0/8
ip route add unreachable 31.0.0.0/8
ip route add prohibit 32.0.0.0/8
ip route add throw 33.0.0.0/8
ip route get 30.1.1.1
ip route get 31.1.1.1
ip route get 32.1.1.1
ip route get 33.1.1.1
ip route get 8.8.8.8 oif veth0
ip route get 8.8.8.8 dev veth2
ip route get 8.8.8.8 oif nosuch
ip route get 10.0.0.2 from 10.0.0.11
ip route get 10.0.0.2 from 10.9.9.9
ip route get 10.0.0.0/24
ip route get
ip route get nonsense
ip route get fibmatch 8.8.8.8
ip -j route get 8.8.8.8
ip -j route get 10.0.0.1
ip -j -p route get 10.0.0.255
ip route del default
ip route get 1.2.3.4
ip route get to 8.8.4.4 uid 1000
