# How nc's TCP connections close, as conntrack -E (every event) and tcpdump see them: the
# side that gets the first FIN answers with its own FIN,ACK (its ACK was delayed, and nc
# closes at once), whichever side closes first; -w ends an idle client, -q delays nc's
# exit after the connection is done, -i spaces the lines sent.
ip netns add A
ip netns add B
ip link add va type veth peer name vb
ip link set va netns A
ip link set vb netns B
ip -n A addr add 10.0.12.1/24 dev va
ip -n B addr add 10.0.12.2/24 dev vb
ip -n A link set lo up
ip -n B link set lo up
ip -n A link set va up
ip -n B link set vb up
ip netns exec A nc -q x 10.0.12.2 8080
echo "exit $?"
ip netns exec A nc -q 2147483648 10.0.12.2 8080
echo "exit $?"
ip netns exec A nc -q -2147483649 10.0.12.2 8080
echo "exit $?"
ip netns exec B iptables -A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec B conntrack -E -p tcp > /tmp/nfsim-golden-close-events.txt &
CT=$!
ip netns exec B tcpdump -l -n -i vb tcp > /tmp/nfsim-golden-close.txt 2> /dev/null &
TD=$!
sleep 0.5
echo "== the client closes first (-N), the server exits on its EOF"
ip netns exec B nc -l 8080 > /tmp/nfsim-golden-close.out &
sleep 0.5
echo hi | ip netns exec A nc -N -p 40001 10.0.12.2 8080
echo "exit $?"
sleep 0.5
cat /tmp/nfsim-golden-close.out
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
echo "== the server closes first (-N), the client exits on its EOF"
echo bye | ip netns exec B nc -N -l 8080 &
sleep 0.5
ip netns exec A nc -p 40002 10.0.12.2 8080 > /tmp/nfsim-golden-close.out
echo "exit $?"
sleep 0.5
cat /tmp/nfsim-golden-close.out
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
echo "== -w 1 closes an idle client that did not shut down"
ip netns exec B nc -l 8080 > /dev/null &
sleep 0.5
echo hi | ip netns exec A nc -w 1 -p 40003 10.0.12.2 8080
echo "exit $?"
sleep 0.5
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
echo "== -q 0 and -q 2: shutdown at EOF; -q 2 stays two seconds after the server closed"
ip netns exec B nc -l 8080 > /dev/null &
sleep 0.5
echo hi | ip netns exec A nc -q 0 -p 40004 10.0.12.2 8080
echo "exit $?"
sleep 0.2
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
ip netns exec B nc -l 8080 > /dev/null &
sleep 0.5
echo hi | ip netns exec A nc -q 2 -p 40005 10.0.12.2 8080
echo "exit $?"
sleep 0.2
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
echo "== -i 1 sends a line a second, then shuts down"
ip netns exec B nc -l 8080 > /tmp/nfsim-golden-close.out &
sleep 0.5
printf 'one\ntwo\n' | ip netns exec A nc -N -i 1 -p 40006 10.0.12.2 8080 &
sleep 1.5
ip netns exec B conntrack -L -p tcp
sleep 1
ip netns exec B conntrack -L -p tcp
wait $!
echo "exit $?"
cat /tmp/nfsim-golden-close.out
ip netns exec B conntrack -F
sleep 0.5
echo "== the server closes while the client sleeps (-i): a bare ACK 40 ms later, then RST for more data"
ip netns exec B nc -l -W 1 8080 > /tmp/nfsim-golden-close.out &
sleep 0.5
printf 'one\ntwo\n' | ip netns exec A nc -i 1 -p 40009 10.0.12.2 8080 &
sleep 0.5
ip netns exec B conntrack -L -p tcp
wait $!
echo "exit $?"
cat /tmp/nfsim-golden-close.out
ip netns exec B conntrack -L -p tcp
ip netns exec B conntrack -F
sleep 0.5
echo "== UDP: -q 0 quits at EOF, -q 2 two seconds later"
echo hi | ip netns exec A nc -u -q 0 -p 40007 10.0.12.2 9999
echo "exit $?"
echo hi | ip netns exec A nc -u -q 2 -p 40008 10.0.12.2 9999
echo "exit $?"
ip netns exec B conntrack -L -p udp
sleep 0.5
kill $CT $TD
wait
# The events, after the fact: on the terminal they race with the echoes.
cat /tmp/nfsim-golden-close-events.txt
grep -o 'IP [0-9.]* > [0-9.]*: Flags [^,]*' /tmp/nfsim-golden-close.txt
