# IPv4 addresses: the kernel's list order (scope, primary/secondary), brd +, labels,
# connected/local/broadcast routes as addresses come and go, deletion of a primary with its
# secondaries, flush, the output formats and the errors.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr
ip route show table all
ip link set veth0 up
ip route show table all
ip link set veth1 up
ip route
ip -4 addr show veth0
ip addr add 10.0.0.2/24 dev veth0
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.3/16 brd + dev veth0 label veth0:big
ip addr add 192.168.1.1/24 broadcast 192.168.1.255 dev veth0 scope link
ip addr add 172.16.0.1/12 brd - dev veth0
ip addr add 127.0.0.5/8 dev lo
ip -4 addr show dev veth0
ip -4 a
ip -br -4 a
ip -4 -o a
ip -j -4 a show dev veth0
ip -4 a show label veth0:big
ip -4 a show secondary
ip -4 a show primary dev veth0
ip -4 a show scope link
ip -4 a show to 10.0.0.0/16
ip route show table local
ip route
ip addr del 10.0.0.1/24 dev veth0
ip -4 addr show dev veth0
ip route
ip addr del 10.0.0.1/24 dev veth0
ip addr del 10.0.0.3 dev veth0
ip -4 addr show dev veth0
ip addr add 10.9.9.9/33 dev veth0
ip addr add 10.9.9.300/24 dev veth0
ip addr add 10.9.9.9/24
ip addr add 10.9.9.9/24 dev nosuch
ip addr add 10.9.9.9/24 dev veth0 scope nowhere-ish
ip addr add 10.9.9.9/24 dev veth0 nodad
ip addr show nosuch
ip addr frob
ip addr flush
ip addr flush dev veth0
ip -4 addr show dev veth0
ip route show table all
ip addr add 10.5.0.1/24 dev veth1
ip addr add 10.5.0.2/24 dev veth1
ip addr add 10.6.0.1/24 dev veth1
ip addr flush dev veth1 secondary
ip -4 a show veth1
ip addr flush dev veth1 to 10.6.0.0/16
ip -4 a show veth1
ip link set veth1 down
ip route show table all
ip -4 a show veth1
ip link set veth1 up
ip route show table all
ip link set veth1 name eth5
ip -4 a show eth5
