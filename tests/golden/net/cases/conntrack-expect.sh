# Expectations made by the FTP helper (raw -j CT --helper ftp) from PORT commands sent by
# hand through nc: conntrack -E expect reports their [NEW] and [DESTROY] (a second PORT
# evicts the first, -D expect, -F expect, the master's end), -L/-C/-G/-D expect and their
# errors. The helper reads only lines that start after a newline it has seen
# (nf_conntrack_ftp.c find_nl_seq), so each client sends a first line before its PORT, one
# line a second (nc -i 1).
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
ip netns exec B iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
ip netns exec B conntrack -E expect > /tmp/nfsim-golden-expect-events.txt &
E=$!
sleep 0.5
ip netns exec B nc -l 21 > /dev/null &
sleep 0.3
printf 'USER a\r\nPORT 10,0,12,1,200,10\r\nPORT 10,0,12,1,200,11\r\n' | ip netns exec A nc -i 1 -q 1 -p 40000 10.0.12.2 21
sleep 0.5
ip netns exec B conntrack -L expect
ip netns exec B conntrack -L expect -o xml
ip netns exec B conntrack -L expect -o extended
ip netns exec B conntrack -C expect
ip netns exec B conntrack -G expect -s 10.0.12.1 -d 10.0.12.2 -p tcp --sport 40000 --dport 21 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec B conntrack -G expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --sport 0 --dport 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec B conntrack -D expect
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --dport 51211
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p udp --sport 7 --dport 51211
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --sport 7 --dport 51211 --reply-port-src 1 --reply-port-dst 2 -o extended
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --sport 0 --dport 51210 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --sport 7 --dport 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p tcp --sport 7 --dport 51211 --reply-port-src 1 --reply-port-dst 2
echo "exit $?"
ip netns exec B conntrack -D expect -s 10.0.12.2 -d 10.0.12.1 -p icmp
echo "exit $?"
ip netns exec B conntrack -L expect
ip netns exec B conntrack -L expect -o xml
ip netns exec B conntrack -C expect
ip netns exec B nc -l 21 > /dev/null &
sleep 0.3
printf 'USER a\r\nPORT 10,0,12,1,200,12\r\n' | ip netns exec A nc -i 1 -q 1 -p 40001 10.0.12.2 21
sleep 0.5
ip netns exec B conntrack -F expect
sleep 0.3
kill $E
wait $E
echo "wait $?"
# The events, after the fact: on the terminal they race with the echoes.
cat /tmp/nfsim-golden-expect-events.txt
ip netns exec B conntrack -E expect -e DESTROY
echo "exit $?"
ip netns exec B conntrack -E expect -p tcp
echo "exit $?"
ip netns exec B conntrack -E expect -o xml &
E=$!
sleep 0.3
ip netns exec B nc -l 21 > /dev/null &
sleep 0.3
printf 'USER a\r\nPORT 10,0,12,1,200,13\r\n' | ip netns exec A nc -i 1 -q 1 -p 40002 10.0.12.2 21
sleep 0.5
ip netns exec B conntrack -F
sleep 0.3
kill $E
wait $E
echo "wait $?"
