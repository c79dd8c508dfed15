# conntrack -L, -G, -D, -C and -F over entries made by ping, a UDP nc and a TCP nc, with
# the filters (-p, -s, -d, -r, -q, ports, --state, -m, -u, -n, -g, -w, -f) and -o extended.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.7.1/24 dev va
ip -n B addr add 10.0.7.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B conntrack -L
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec A ping -c 1 -e 4242 10.0.7.2 > /dev/null
echo hi | ip netns exec A nc -u -w 1 -p 5555 10.0.7.2 9999
sleep 0.1
ip netns exec B conntrack -L
ip netns exec B conntrack -L -o extended
ip netns exec B conntrack -C
ip netns exec B conntrack -L -p udp
ip netns exec B conntrack -L -p icmp -s 10.0.7.1 -d 10.0.7.2
ip netns exec B conntrack -L -p udp --sport 5555 --dport 9999
ip netns exec B conntrack -L -p udp --dport 1
ip netns exec B conntrack -L -r 10.0.7.2 -q 10.0.7.1 -p icmp
ip netns exec B conntrack -L -s 10.0.7.0/24 -p udp
ip netns exec B conntrack -L -s 10.0.8.0/24
ip netns exec B conntrack -L -u SEEN_REPLY
ip netns exec B conntrack -L -u UNREPLIED
ip netns exec B conntrack -L -u ASSURED
ip netns exec B conntrack -L -m 1
ip netns exec B conntrack -L -m 0/1 -p udp
ip netns exec B conntrack -L -n
ip netns exec B conntrack -L -g
ip netns exec B conntrack -L -w 1
ip netns exec B conntrack -L -f ipv6
ip netns exec B conntrack -L -p tcp --state ESTABLISHED
ip netns exec B conntrack -G -p udp -s 10.0.7.1 -d 10.0.7.2 --sport 5555 --dport 9999
echo "exit $?"
ip netns exec B conntrack -G -p udp -r 10.0.7.2 -q 10.0.7.1 --reply-port-src 9999 --reply-port-dst 5555
echo "exit $?"
ip netns exec B conntrack -G -p udp -s 10.0.7.1 -d 10.0.7.2 --sport 5556 --dport 9999
echo "exit $?"
ip netns exec B conntrack -D -p udp -s 10.0.7.9
echo "exit $?"
ip netns exec B conntrack -D -p udp
echo "exit $?"
ip netns exec B conntrack -C
ip netns exec B conntrack -F
echo "exit $?"
ip netns exec B conntrack -L
ip netns exec B conntrack -C
