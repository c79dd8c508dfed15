# A TCP connection as conntrack -E reports every step of it, listed, fetched
# and filtered by state.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.9.1/24 dev va
ip -n B addr add 10.0.9.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec B nc -l 8080 > /dev/null &
ip netns exec B conntrack -E -p tcp &
sleep 0.5
echo hi | ip netns exec A nc -N -p 40000 10.0.9.2 8080
sleep 0.5
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -L -p tcp --state TIME_WAIT
ip netns exec B conntrack -L -p tcp --state ESTABLISHED
ip netns exec B conntrack -L -u ASSURED -o extended
ip netns exec B conntrack -G -p tcp -s 10.0.9.1 -d 10.0.9.2 --sport 40000 --dport 8080
ip netns exec B conntrack -G -p tcp -s 10.0.9.2 -d 10.0.9.1 --sport 8080 --dport 40000
echo "exit $?"
ip netns exec B conntrack -D -p tcp --dport 8080
ip netns exec B conntrack -L
kill $!
wait
echo "wait $?"
