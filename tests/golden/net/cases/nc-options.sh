# nc's (netcat-openbsd) -W receive limit, -i and -W errors, -4, -v and -k (keep listening).
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
ip netns exec A nc -i x 10.0.4.2 80
echo "exit $?"
ip netns exec A nc -i -1 10.0.4.2 80
echo "exit $?"
ip netns exec A nc -W x 10.0.4.2 80
echo "exit $?"
ip netns exec A nc -W 0 10.0.4.2 80
echo "exit $?"
ip netns exec A nc -W 2147483648 10.0.4.2 80
echo "exit $?"
ip netns exec B nc -u -l -W 1 5353 > /tmp/nfsim-golden-nc.out &
sleep 1
echo datagram | ip netns exec A nc -u -w 1 10.0.4.2 5353
echo "exit $?"
wait
echo "wait $?"
cat /tmp/nfsim-golden-nc.out
ip netns exec B nc -l -W 1 8080 > /tmp/nfsim-golden-nc.out &
sleep 1
echo hello | ip netns exec A nc -4 -N 10.0.4.2 8080
echo "exit $?"
wait
echo "wait $?"
cat /tmp/nfsim-golden-nc.out
ip netns exec B nc -l 8082 &
sleep 1
ip netns exec A nc -4 -zv 10.0.4.2 8082
echo "exit $?"
wait
ip netns exec B nc -lk 8083 > /tmp/nfsim-golden-nc.out &
sleep 1
echo one | ip netns exec A nc -N 10.0.4.2 8083
echo "exit $?"
echo two | ip netns exec A nc -N 10.0.4.2 8083
echo "exit $?"
kill $!
wait
cat /tmp/nfsim-golden-nc.out
