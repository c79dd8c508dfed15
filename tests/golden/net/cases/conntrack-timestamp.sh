# nf_conntrack_timestamp=1: entries keep the time they were confirmed (or made by -I), and
# their destroy events the time they ended. conntrack -L shows delta-time= (whole seconds
# of now less whole seconds of the start), -o ktimestamp the start's date, -o xml
# <deltatime> and with ktimestamp <timestamp><start>ns</start>; [NEW] and [UPDATE] events
# carry none, a [DESTROY] delta-time= (and with ktimestamp [start=] [stop=], in XML
# <timestamp><start>ns</start><stop>ns</stop></timestamp>); only one
# listener at a time, as two real ones print in the order the scheduler runs them. Entries made
# before the sysctl was set have no timestamp; one set back to 0 keeps those made. Only
# entries made while this case listens are deleted: whether an entry reports its end
# depends on listeners anywhere on the host (nf_ctnetlink_has_listener), other cases too. Dates,
# nanoseconds and delta-time's seconds vary from run to run and
# are compared as such (tests/net-golden.ts).
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.14.1/24 dev va
ip -n B addr add 10.0.14.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec A ping -c 1 -e 76 10.0.14.2 > /dev/null
ip netns exec B sysctl -w net.netfilter.nf_conntrack_timestamp=1
ip netns exec B conntrack -E -o ktimestamp &
E=$!
sleep 0.5
ip netns exec A ping -c 1 -e 77 10.0.14.2 > /dev/null
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
sleep 1.2
ip netns exec B conntrack -L
ip netns exec B conntrack -L -o ktimestamp
ip netns exec B conntrack -L -o ktimestamp,extended -p icmp
ip netns exec B conntrack -L -o xml -p icmp
ip netns exec B conntrack -L -o xml,ktimestamp -p icmp
ip netns exec B conntrack -G -p icmp -s 10.0.14.1 -d 10.0.14.2 --icmp-type 8 --icmp-code 0 --icmp-id 77 -o ktimestamp
ip netns exec B sysctl -w net.netfilter.nf_conntrack_timestamp=0
ip netns exec B conntrack -L -o ktimestamp -p icmp
ip netns exec B conntrack -D -p icmp --icmp-id 77 > /dev/null
sleep 0.3
kill $E
wait $E
ip netns exec B conntrack -E &
E=$!
sleep 0.3
ip netns exec B conntrack -D -p udp > /dev/null
sleep 0.3
kill $E
wait $E
ip netns exec B sysctl -qw net.netfilter.nf_conntrack_timestamp=1
ip netns exec B conntrack -E -o xml,ktimestamp -p icmp &
E=$!
sleep 0.3
ip netns exec A ping -c 1 -e 78 10.0.14.2 > /dev/null
ip netns exec B conntrack -D -p icmp --icmp-id 78 > /dev/null
sleep 0.3
kill $E
wait $E
