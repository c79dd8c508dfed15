# Closed and open ports: a TCP RST and an ICMP port unreachable, as nc reports them, and a
# listening nc that gets a line.
ip netns add A
ip netns add B
ip link add a0 type veth peer name b0
ip link set a0 netns A
ip link set b0 netns B
ip -n A addr add 10.0.3.1/24 dev a0
ip -n B addr add 10.0.3.2/24 dev b0
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n B link set b0 up
ip netns exec A nc 10.0.3.2 80
echo "exit $?"
ip netns exec A nc -v 10.0.3.2 80
echo "exit $?"
ip netns exec A nc -zv 10.0.3.2 20-23
echo "exit $?"
ip netns exec A nc -z 10.0.3.2 http
echo "exit $?"
echo hi | ip netns exec A nc -u -w 1 10.0.3.2 53
echo "exit $?"
ip netns exec A nc -zuv 10.0.3.2 53
echo "exit $?"
ip netns exec B nc -l 8080 > /tmp/nfsim-golden-ports.out &
sleep 1
echo hello | ip netns exec A nc -N 10.0.3.2 8080
echo "exit $?"
wait
echo "wait $?"
cat /tmp/nfsim-golden-ports.out
ip netns exec B nc -lnv 8081 > /tmp/nfsim-golden-ports.out 2> /tmp/nfsim-golden-ports.err &
sleep 1
echo world | ip netns exec A nc -v -N -p 4444 10.0.3.2 8081
echo "exit $?"
wait
cat /tmp/nfsim-golden-ports.out /tmp/nfsim-golden-ports.err
ip netns exec B nc -l 8082 &
sleep 1
ip netns exec A nc -zv 10.0.3.2 8082
echo "exit $?"
wait
ip netns exec B nc -u -l 5353 > /tmp/nfsim-golden-ports.out &
sleep 1
echo datagram | ip netns exec A nc -u -w 1 10.0.3.2 5353
echo "exit $?"
kill $!
wait
cat /tmp/nfsim-golden-ports.out
