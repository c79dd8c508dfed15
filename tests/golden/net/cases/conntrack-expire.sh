# Entries that time out: conntrack -E reports their [DESTROY] (without a timeout column)
# once their timeouts (shortened here) have passed. The kernel's garbage collector reaps
# expired entries when it gets to them, which can be long after; a dump (-L) evicts the
# expired ones it meets at once, so each -L below makes the [DESTROY] certain.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.11.1/24 dev va
ip -n B addr add 10.0.11.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec B sysctl -qw net.netfilter.nf_conntrack_icmp_timeout=5 net.netfilter.nf_conntrack_udp_timeout=12
ip netns exec B conntrack -E &
sleep 0.5
ip netns exec A ping -c 1 -e 4242 10.0.11.2 > /dev/null
echo hi | ip netns exec A nc -u -w 1 -p 5555 10.0.11.2 9999
sleep 0.5
ip netns exec B conntrack -C
sleep 5
ip netns exec B conntrack -L > /dev/null
sleep 0.5
ip netns exec B conntrack -C
sleep 6
ip netns exec B conntrack -L
sleep 0.5
ip netns exec B conntrack -C
kill $!
wait
ip netns exec B conntrack -L
