# Routes: add with via/dev/src/metric/table/type/proto/scope, the kernel's checks and their
# messages, metric order, replace/prepend/append, delete, flush, the SELECTOR filters and -j.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip route add default via 10.0.0.254
ip link set veth0 up
ip route add default via 10.0.0.254
ip route add default via 10.0.0.254
ip route add 192.168.0.0/16 via 10.0.0.2 dev veth0 metric 100
ip route add 192.168.0.0/16 via 10.0.0.3 metric 50
ip route add 192.168.0.0/16 via 10.0.0.4 metric 50
ip route append 192.168.0.0/16 via 10.0.0.4 metric 50
ip route prepend 192.168.0.0/16 via 10.0.0.5 metric 50
ip route add 172.16.0.0/12 dev veth0 proto static
ip route add blackhole 10.9.0.0/16
ip route add unreachable 10.8.0.0/16
ip route add prohibit 10.7.0.0/16 metric 5
ip route add throw 10.77.0.0/16
ip route add blackhole 10.66.0.0/16 dev veth0
ip route add 10.6.0.0/16 via 10.5.0.1
ip route add 10.6.0.0/16 via 10.0.0.1
ip route add 10.6.0.0/16 dev nosuch
ip route add 10.6.0.0/16 dev veth1
ip route add 10.16.0.0/16 via 10.0.0.2 dev veth1
ip route add 10.17.0.0/16
ip route add 1.1.1.1 dev veth0 src 10.0.0.1
ip route add 1.1.1.2 dev veth0 src 10.0.0.99
ip route add 10.10.0.0/16 via 10.0.0.2 table 100
ip route add 10.11.0.0/16 dev veth0 table 200 metric 7
ip route add local 10.20.0.0/16 dev lo
ip route add 10.30.0.1/16 dev veth0
ip route add 10.31.0.0/16 dev veth0 scope host
ip route add 10.32.0.0/16 via 10.0.0.2 scope link
ip route add 10.33.0.0/16 via 10.0.0.2 onlink dev veth0
ip route add 10.34.0.0 dev veth0
ip route add 10.35/16 dev veth0 proto 99
ip route add 10.36.0.0/255.255.0.0 dev veth0 proto bird
ip route add 10.37.0.0/16 dev veth0 proto nonsense
ip route add bogus dev veth0
ip route add
ip route
ip route show table 100
ip route show table all
ip route show table local
ip route show table nonsense
ip -j route
ip -j -p route show table 100
ip route show proto static
ip route show type blackhole
ip route show dev veth0
ip route show scope link
ip route show 192.168.0.0/16
ip route show root 10.0.0.0/8
ip route show match 10.6.1.1
ip route show exact 10.6.0.0/16
ip route show via 10.0.0.2
ip route show metric 50
ip route list table 200
ip -d route show table 200
ip route del default
ip route del default
ip route del 192.168.0.0/16
ip route
ip route del 192.168.0.0/16 via 10.0.0.2
ip route del 192.168.0.0/16 metric 50 via 10.0.0.4
ip route
ip route replace 192.168.0.0/16 via 10.0.0.9
ip route replace 192.168.0.0/16 via 10.0.0.8
ip route change 192.168.0.0/16 via 10.0.0.7
ip route
ip route flush table 100
ip route show table 100
ip route flush
ip route flush proto static
ip route flush dev veth0
ip route
ip route del 10.0.0.0/24 dev veth0
ip route frob
ip link set veth1 up
ip route add 10.40.0.0/16 dev veth1
ip route
ip link set veth1 down
ip route
