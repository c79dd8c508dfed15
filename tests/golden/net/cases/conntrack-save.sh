# conntrack -o save: entries printed as the commands that make them again (-A for -L and
# -G, -D for -D, -A/-U/-D for -E's events), with -g for a reply source changed by DNAT;
# and the zones of one direction: -I --orig-zone/--reply-zone, their -L/-D filters, the
# combinations the kernel refuses. The events are heard before anything else prints (nfsim
# delivers them at once, where the real listener prints after the command).
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.13.1/24 dev va
ip -n B addr add 10.0.13.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec A iptables -t nat -A OUTPUT -d 10.0.13.9 -j DNAT --to-destination 10.0.13.2
ip netns exec B nc -l 8080 > /dev/null &
ip netns exec B conntrack -E -o save > /tmp/nfsim-golden-save-events.txt &
E=$!
sleep 0.5
ip netns exec A ping -c 1 -e 77 10.0.13.2 > /dev/null
echo hi | ip netns exec A nc -N -p 40000 10.0.13.2 8080
ip netns exec A ping -c 1 -e 78 10.0.13.9 > /dev/null
sleep 0.5
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50 --orig-zone 3
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 3 -t 50 --reply-zone 4 -u ASSURED,SEEN_REPLY
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 4 -t 50 -w 5 -m 9
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 5 -t 50 -w 5 --orig-zone 6
echo "exit $?"
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 6 -t 50 --orig-zone 7 --reply-zone 7
echo "exit $?"
ip netns exec B conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 7 -t 50 -w 0 --reply-zone 8
sleep 0.3
kill $E
wait $E
echo "wait $?"
# The events, after the fact: on the terminal they race with the echoes.
cat /tmp/nfsim-golden-save-events.txt
ip netns exec B conntrack -L -o save
ip netns exec A conntrack -L -o save -p icmp
ip netns exec B conntrack -G -p icmp -s 10.0.13.1 -d 10.0.13.2 --icmp-type 8 --icmp-code 0 --icmp-id 77 -o save
ip netns exec B conntrack -D -p tcp -o save
echo "exit $?"
ip netns exec B conntrack -L -o save,extended
echo "exit $?"
ip netns exec B conntrack -L -p udp
ip netns exec B conntrack -L -p udp -o save
ip netns exec B conntrack -L --orig-zone 3
ip netns exec B conntrack -L --reply-zone 4
ip netns exec B conntrack -L -p udp --orig-zone 0
ip netns exec B conntrack -L -w 3
ip netns exec B conntrack -L -w 5
ip netns exec B conntrack -D --orig-zone 3
echo "exit $?"
ip netns exec B conntrack -D --reply-zone 9
echo "exit $?"
ip netns exec B conntrack -U --orig-zone 3 -m 1
echo "exit $?"
