# ping's less common options (iputils 20221126): -p pattern, -a, -n, -U, -B, -f flood,
# -l preload, -A adaptive, -O outstanding, and the errors of -p, -l and -M.
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
ip netns exec A ping -c 2 -i 0.2 -p ff 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -p abcde -s 20 10.0.0.2
echo "exit $?"
ip netns exec A ping -q -c 1 -p 0102 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -p 12xy 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.2 -n -a 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.2 -U -B 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 3 -f 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 3 -q -f 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 3 -l 3 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 3 -A 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.2 -O 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -l 0 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -l 65537 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -M foo 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 2 -i 0.2 -M do -s 2000 10.0.0.2
echo "exit $?"
ip netns exec A ping -q -c 1 -M do -s 1473 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -M do -s 1472 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 1 -M want -s 2000 10.0.0.2
echo "exit $?"
ip -n B link set b0 down
ip netns exec A ping -c 3 -i 0.2 -W 0.3 -O 10.0.0.2
echo "exit $?"
ip netns exec A ping -c 3 -f -W 0.3 10.0.0.2
echo "exit $?"
