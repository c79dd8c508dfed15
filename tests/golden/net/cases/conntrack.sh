# Connection tracking: a stateful INPUT (ESTABLISHED/NEW) and MASQUERADE on the way out.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.0.1/24 dev va
ip -n B addr add 10.0.0.2/24 dev vb
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW -p icmp -j ACCEPT
ip netns exec B iptables -P INPUT DROP
ip netns exec A ping -c 2 10.0.0.2
ip netns exec B iptables -L INPUT -v -n
ip netns exec A iptables -t nat -A POSTROUTING -o va -j MASQUERADE
ip netns exec A ping -c 1 10.0.0.2
ip netns exec A iptables -t nat -L -v -n
