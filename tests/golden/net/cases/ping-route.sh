# ping -R (record route) through a router and on a direct link, -v's options in tcpdump,
# ping -r (SO_DONTROUTE: only directly connected destinations), and -I by address or device.
ip netns add A
ip netns add R
ip netns add B
ip link add a0 type veth peer name r0
ip link add b0 type veth peer name r1
ip link set a0 netns A
ip link set r0 netns R
ip link set r1 netns R
ip link set b0 netns B
ip -n A addr add 10.0.1.2/24 dev a0
ip -n R addr add 10.0.1.1/24 dev r0
ip -n R addr add 10.0.2.1/24 dev r1
ip -n B addr add 10.0.2.2/24 dev b0
ip -n A link set lo up
ip -n R link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n R link set r0 up
ip -n R link set r1 up
ip -n B link set b0 up
ip -n A route add default via 10.0.1.1
ip -n B route add default via 10.0.2.1
ip netns exec R sysctl -w net.ipv4.ip_forward=1
ip netns exec A ping -c 1 -R 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 3 -i 0.2 -R 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.2 -R -s 100 10.0.2.2
echo "exit $?"
ip netns exec A ping -q -c 2 -i 0.2 -R 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -R 127.0.0.1
echo "exit $?"
ip netns exec A ping -c 1 -R 10.0.1.2
echo "exit $?"
# tcpdump -v shows the options; the IP ids are random, so only what follows them is kept.
ip netns exec B tcpdump -n -c 2 -i b0 -w /tmp/nfsim-golden-rr.pcap icmp &
sleep 1
ip netns exec A ping -c 1 -e 4321 -R 10.0.2.2 > /dev/null
wait
echo "wait $?"
tcpdump -n -v -r /tmp/nfsim-golden-rr.pcap | grep -o "proto ICMP.*\|10.0.*"
# An ICMP error echoes the record route of the packet it is about (icmp_send → ip_options_echo).
ip netns exec A tcpdump -n -c 2 -i a0 -w /tmp/nfsim-golden-rr2.pcap icmp &
sleep 1
ip netns exec A ping -c 1 -e 4321 -R -t 1 10.0.2.2
echo "exit $?"
wait
# The quoted header keeps the checksum it came with, bad since the router recorded its hop;
# the checksum itself follows the random IP id, so only "bad cksum" is kept.
tcpdump -n -v -r /tmp/nfsim-golden-rr2.pcap | grep -o "proto ICMP[^)]*)[^)]*)\|bad cksum\|10.0.*"
ip netns exec A ping -c 1 -R -T tsonly 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -T bogus 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 2 -f -R 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -R -a -D 10.0.1.1 | grep -c RR
ip netns exec A ping -c 1 -r 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -W 1 -r 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -W 1 -r -I a0 10.0.2.2
echo "exit $?"
ip netns exec A ping -c 1 -r -W 1 10.0.1.9
echo "exit $?"
ip netns exec A ping -c 1 -I 10.0.1.2 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I 10.0.9.9 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -W 1 -I lo 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I nodev 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I 300.1.1.1 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I 010.0.1.2 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I 10.0.1.2 -I a0 10.0.1.1
echo "exit $?"
ip netns exec A ping -c 1 -I a0 -I 10.0.1.2 10.0.1.1
echo "exit $?"
