# tcpdump -Q / --direction: only what a device receives (in), sends (out), or both
# (inout), on one device, on "any" and on lo (where libpcap never shows the outgoing
# copy); the refusal of an unknown direction. Each capture stops on the last packet of
# its ping, so "received by filter" counts every packet that crossed, either way.
ip netns add A
ip netns add B
ip link add a0 type veth peer name b0
ip link set a0 netns A
ip link set b0 netns B
ip -n A addr add 10.0.0.1/24 dev a0
ip -n B addr add 10.0.0.2/24 dev b0
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n B link set b0 up
ip netns exec A tcpdump -l -n -c 2 -Q in -i a0 icmp &
sleep 1
ip netns exec A ping -c 2 -i 0.3 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec B tcpdump -l -n -c 2 -Q out -i b0 icmp &
sleep 1
ip netns exec A ping -c 2 -i 0.3 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -c 2 --direction=inout -i a0 icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec B tcpdump -l -n -c 2 --direction out -i any icmp &
sleep 1
ip netns exec A ping -c 2 -i 0.3 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -c 2 -Q IN -i any icmp &
sleep 1
ip netns exec A ping -c 2 -i 0.3 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -e -c 1 --dir=In -i a0 icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 10.0.0.2 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -c 2 -Q in -i lo icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 127.0.0.1 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -Q out -i lo icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 127.0.0.1 > /dev/null
sleep 1
kill $!
wait
echo "wait $?"
ip netns exec A tcpdump -l -n -c 2 -i any icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 127.0.0.1 > /dev/null
wait
echo "wait $?"
ip netns exec A tcpdump -n -c 1 -Q sideways -i a0
echo "exit $?"
ip netns exec A tcpdump -n -c 1 --direction= -i a0
echo "exit $?"
ip netns exec A tcpdump -n -c 1 -Q
echo "exit $?"
ip netns exec A tcpdump -n -c 2 -i a0 -w /tmp/nfsim-golden-dir.pcap icmp &
sleep 1
ip netns exec A ping -c 1 -e 7 10.0.0.2 > /dev/null
wait
tcpdump -n -Q out -r /tmp/nfsim-golden-dir.pcap
echo "exit $?"
tcpdump -n -Q bad -r /tmp/nfsim-golden-dir.pcap
echo "exit $?"
