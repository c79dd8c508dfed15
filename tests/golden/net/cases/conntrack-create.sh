# conntrack -I and -A: entries made from the command line (a TCP one needs --state; -u
# after -m overwrites the mark, as conntrack.c does), what exists already, and -E hearing
# them as [NEW] from userspace; then -G, -U and -D on them. The events go to a file, shown
# after the commands: on the terminal they race with each command's echo.
ip netns add A
ip netns exec A conntrack -E > events.txt &
sleep 0.5
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
echo "exit $?"
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
echo "exit $?"
ip netns exec A conntrack -A -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
echo "exit $?"
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
echo "exit $?"
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 3 --dport 2
echo "exit $?"
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 60 --state ESTABLISHED -m 5 -u ASSURED
echo "exit $?"
ip netns exec A conntrack -I -p tcp -s 1.1.1.1 -d 2.2.2.3 --sport 1 --dport 2 -t 70 --state SYN_SENT -u SEEN_REPLY -m 6
echo "exit $?"
ip netns exec A conntrack -I -p icmp -s 1.1.1.1 -d 2.2.2.2 --icmp-type 8 --icmp-code 0 --icmp-id 7 -t 20
echo "exit $?"
sleep 0.1
kill $!
wait
cat events.txt
ip netns exec A conntrack -L -p tcp
ip netns exec A conntrack -L -p udp
ip netns exec A conntrack -L -p icmp
ip netns exec A conntrack -L -m 6
ip netns exec A conntrack -G -p tcp -s 1.1.1.1 -d 2.2.2.3 --sport 1 --dport 2
ip netns exec A conntrack -U -p tcp -s 1.1.1.1 -d 2.2.2.3 -m 8
ip netns exec A conntrack -L -p tcp --state SYN_SENT
ip netns exec A conntrack -D -p tcp
ip netns exec A conntrack -C
