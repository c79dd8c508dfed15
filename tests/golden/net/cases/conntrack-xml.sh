# conntrack -o xml and -o id: listed, fetched, deleted and told by -E, over entries made
# with -I (TCP with a state, a zone and the assured flag; UDP with a mark; ICMP).
ip netns add A
ip netns exec A conntrack -E -o xml &
sleep 0.5
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 60 --state ESTABLISHED -u ASSURED,SEEN_REPLY -w 3
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 60 -m 5
ip netns exec A conntrack -I -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 8 --icmp-code 0 --icmp-id 7 -t 20
sleep 0.1
ip netns exec A conntrack -L -o xml
ip netns exec A conntrack -L -o id,extended
ip netns exec A conntrack -L -o xml -p sctp
ip netns exec A conntrack -G -o xml -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2
ip netns exec A conntrack -D -o xml -p udp > /tmp/nfsim-golden-ct-xml.out
sleep 0.1
kill $!
wait
cat /tmp/nfsim-golden-ct-xml.out
