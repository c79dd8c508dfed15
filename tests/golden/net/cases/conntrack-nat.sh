# conntrack's NAT, mark and zone filters (-n, -g, -j, -m, -w) over entries that SNAT, DNAT,
# CONNMARK and CT --zone made, and -U changing a mark with -E watching.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.10.1/24 dev va
ip -n B addr add 10.0.10.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec A iptables -t nat -A POSTROUTING -p udp --dport 9999 -j SNAT --to-source 10.0.10.1:2000
ip netns exec A iptables -t nat -A OUTPUT -d 10.0.10.99 -p udp -j DNAT --to-destination 10.0.10.2:7777
ip netns exec A iptables -t mangle -A OUTPUT -p udp --dport 7777 -j CONNMARK --set-mark 7
ip netns exec A iptables -t raw -A OUTPUT -p icmp -j CT --zone 5
ip netns exec A conntrack -E > /tmp/nfsim-golden-nat-events.txt &
sleep 0.5
echo hi | ip netns exec A nc -u -w 1 -p 5555 10.0.10.2 9999
echo hi | ip netns exec A nc -u -w 1 -p 5556 10.0.10.99 7777
ip netns exec A ping -c 1 -e 4242 10.0.10.2 > /dev/null
sleep 0.1
ip netns exec A conntrack -L
ip netns exec A conntrack -L -n
ip netns exec A conntrack -L -n 10.0.10.1
ip netns exec A conntrack -L -n 10.0.10.1:2000
ip netns exec A conntrack -L -n 10.0.10.1:2001
ip netns exec A conntrack -L -g
ip netns exec A conntrack -L -g 10.0.10.2
ip netns exec A conntrack -L -g 10.0.10.2:7777
ip netns exec A conntrack -L -j
ip netns exec A conntrack -L -n -g
ip netns exec A conntrack -L -m 7
ip netns exec A conntrack -L -m 0x7
ip netns exec A conntrack -L -m 4/4
ip netns exec A conntrack -L -w 5
ip netns exec A conntrack -L -w 0
ip netns exec A conntrack -U -p udp -s 10.0.10.1 --sport 5555 -m 9 > /tmp/nfsim-golden-ct-update.out
echo "exit $?"
ip netns exec A conntrack -U -m 9
echo "exit $?"
sleep 0.05
kill $!
wait
# The events, after the fact: on the terminal they race with the echoes.
cat /tmp/nfsim-golden-nat-events.txt
cat /tmp/nfsim-golden-ct-update.out
ip netns exec A conntrack -L -m 9
