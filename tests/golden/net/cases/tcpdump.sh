# tcpdump in the background prints what crosses a device while later commands run; -c
# stops it, kill ends it with its statistics, -w writes a pcap that -r reads back.
ip netns add LEMON
ip netns add LIME
ip link add veth-lemon type veth peer name veth-lime
ip link set veth-lemon netns LEMON
ip link set veth-lime netns LIME
ip -n LEMON addr add 10.10.10.1/24 dev veth-lemon
ip -n LIME addr add 10.10.10.2/24 dev veth-lime
ip -n LEMON link set lo up
ip -n LIME link set lo up
ip -n LEMON link set veth-lemon up
ip -n LIME link set veth-lime up
ip netns exec LIME tcpdump -l -n -i veth-lime arp or icmp &
sleep 1
ip netns exec LEMON ping -c 2 -i 0.5 -e 4242 10.10.10.2 > /dev/null
sleep 1
kill $!
wait
echo "wait $?"
ip netns exec LIME tcpdump -l -n -e -c 2 -i veth-lime icmp &
sleep 1
ip netns exec LEMON ping -c 3 -i 0.2 -e 4242 -q 10.10.10.2 > /dev/null
wait
echo "wait $?"
ip netns exec LEMON tcpdump -n -i veth-lemon -w /tmp/nfsim-golden-tcpdump.pcap udp &
sleep 1
echo hi | ip netns exec LEMON nc -u -w 1 -p 5555 10.10.10.2 9999
sleep 1
kill $!
wait
tcpdump -n -r /tmp/nfsim-golden-tcpdump.pcap
ip netns exec LIME iptables -A INPUT -p icmp -j DROP
ip netns exec LIME tcpdump -l -n -i veth-lime -c 1 icmp &
sleep 1
ip netns exec LEMON ping -c 1 -W 1 -e 4242 10.10.10.2 > /dev/null
wait
echo "wait $?"
