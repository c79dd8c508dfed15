# A router (the initial namespace) between a client on c0 and a server on s0, for
# nfsim trace (README): FORWARD lets port 80 through, drops port 22, DNATs 10.0.1.1:8080
# to the server, and TRACEs port 22. Load it with:  bin/nfsim run examples/trace-router.sh

ip netns add client
ip netns add server
ip link add c0 type veth peer name eth0 netns client
ip link add s0 type veth peer name eth0 netns server
ip addr add 10.0.1.1/24 dev c0
ip addr add 10.0.2.1/24 dev s0
ip link set c0 up
ip link set s0 up
ip -n client addr add 10.0.1.2/24 dev eth0
ip -n client link set eth0 up
ip -n client link set lo up
ip -n client route add default via 10.0.1.1
ip -n server addr add 10.0.2.2/24 dev eth0
ip -n server link set eth0 up
ip -n server link set lo up
ip -n server route add default via 10.0.2.1
sysctl -w net.ipv4.ip_forward=1
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i c0 -o s0 -p tcp --dport 80 -j ACCEPT
iptables -A FORWARD -i c0 -o s0 -p tcp --dport 22 -j DROP
iptables -t nat -A PREROUTING -p tcp -d 10.0.1.1 --dport 8080 -j DNAT --to-destination 10.0.2.2:80
iptables -t raw -A PREROUTING -p tcp --dport 22 -j TRACE
