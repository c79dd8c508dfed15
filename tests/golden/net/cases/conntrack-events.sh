# conntrack -E in the background: [NEW] and [UPDATE] as ping and nc make entries, the
# [DESTROY] of -D and -F (with the [USERSPACE] port of the command that asked), the event
# mask and filters, and the count on stderr when killed.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.8.1/24 dev va
ip -n B addr add 10.0.8.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec B conntrack -E &
sleep 0.5
ip netns exec A ping -c 1 -e 4242 10.0.8.2 > /dev/null
echo hi | ip netns exec A nc -u -w 1 -p 5555 10.0.8.2 9999
sleep 0.5
ip netns exec B conntrack -D -p udp > /dev/null
sleep 0.5
ip netns exec B conntrack -F
sleep 0.5
kill $!
wait
echo "wait $?"
ip netns exec B conntrack -E -e NEW -p udp -o extended &
sleep 0.5
ip netns exec A ping -c 1 -e 4343 10.0.8.2 > /dev/null
echo hi | ip netns exec A nc -u -w 1 -p 5556 10.0.8.2 9999
sleep 0.5
kill -INT $!
wait
echo "wait $?"
ip netns exec B conntrack -E -e DESTROY &
sleep 0.5
ip netns exec B conntrack -F
sleep 0.5
kill $!
wait
