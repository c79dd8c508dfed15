# REJECT answers: ICMP port unreachable by default, other ICMP types, TCP resets; DROP
# answers nothing and a connect times out.
ip netns add A
ip netns add B
ip link add a0 type veth peer name b0
ip link set a0 netns A
ip link set b0 netns B
ip -n A addr add 10.0.4.1/24 dev a0
ip -n B addr add 10.0.4.2/24 dev b0
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n B link set b0 up
ip netns exec B iptables -A INPUT -p icmp -j REJECT
ip netns exec A ping -c 2 -i 0.3 10.0.4.2
echo "exit $?"
ip netns exec B iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec A ping -c 1 10.0.4.2
echo "exit $?"
ip netns exec B iptables -R INPUT 1 -p icmp -j REJECT --reject-with icmp-net-unreachable
ip netns exec A ping -c 1 10.0.4.2
echo "exit $?"
ip netns exec B iptables -A INPUT -p tcp --dport 81 -j REJECT --reject-with tcp-reset
ip netns exec B iptables -A INPUT -p tcp --dport 82 -j REJECT
ip netns exec B iptables -A INPUT -p tcp --dport 83 -j DROP
ip netns exec B iptables -A INPUT -p udp --dport 84 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec A nc -zv 10.0.4.2 81
echo "exit $?"
ip netns exec A nc -zv 10.0.4.2 82
echo "exit $?"
ip netns exec A nc -zv -w 2 10.0.4.2 83
echo "exit $?"
ip netns exec A nc -zuv 10.0.4.2 84
echo "exit $?"
ip netns exec B iptables -L INPUT -v -n
ip netns exec A iptables -A OUTPUT -p icmp -j DROP
ip netns exec A ping -c 2 -i 0.2 -W 1 10.0.4.2
echo "exit $?"
ip netns exec A iptables -R OUTPUT 1 -p icmp -j REJECT
ip netns exec A ping -c 1 -W 1 10.0.4.2
echo "exit $?"
ip netns exec A iptables -L OUTPUT -v -n
