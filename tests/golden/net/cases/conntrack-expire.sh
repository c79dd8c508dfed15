# Entries that time out: conntrack -E reports their [DESTROY] (without a timeout column)
# once the ICMP and UDP timeouts (30 s) have passed, and the table is empty afterwards.
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
ip netns exec B conntrack -E &
sleep 0.5
ip netns exec A ping -c 1 -e 4242 10.0.11.2 > /dev/null
echo hi | ip netns exec A nc -u -w 1 -p 5555 10.0.11.2 9999
sleep 0.5
ip netns exec B conntrack -C
sleep 32
ip netns exec B conntrack -C
kill $!
wait
ip netns exec B conntrack -L
