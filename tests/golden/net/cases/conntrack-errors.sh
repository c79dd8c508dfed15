# conntrack's complaints about its command line, with their exit statuses.
ip netns add A
ip netns exec A conntrack -L -p foo
echo "exit $?"
ip netns exec A conntrack -L --sport 5
echo "exit $?"
ip netns exec A conntrack -L -p tcp --state FOO
echo "exit $?"
ip netns exec A conntrack -X
echo "exit $?"
ip netns exec A conntrack -L -s
echo "exit $?"
ip netns exec A conntrack -L -s 10.0.0.300
echo "exit $?"
ip netns exec A conntrack -L -f foo
echo "exit $?"
ip netns exec A conntrack -L -u FOO
echo "exit $?"
ip netns exec A conntrack -L -u ASSURED,BAR
echo "exit $?"
ip netns exec A conntrack -L -L
echo "exit $?"
ip netns exec A conntrack -L -F
echo "exit $?"
ip netns exec A conntrack -L foo
echo "exit $?"
ip netns exec A conntrack -C -p tcp
echo "exit $?"
ip netns exec A conntrack -F -s 10.0.0.1
echo "exit $?"
ip netns exec A conntrack -G -p tcp -s 10.0.0.1
echo "exit $?"
ip netns exec A conntrack -G -s 10.0.0.1 -d 10.0.0.2
echo "exit $?"
ip netns exec A conntrack -G -p tcp -s 10.0.0.1 -d 10.0.0.2
echo "exit $?"
ip netns exec A conntrack -G -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1 --dport 2
echo "exit $?"
ip netns exec A conntrack -G -p tcp -s 10.0.0.0/24 -d 10.0.0.2 --sport 1 --dport 2
echo "exit $?"
ip netns exec A conntrack -L -r 10.0.0.0/24
echo "exit $?"
ip netns exec A conntrack -L -s 10.0.0.0/33
echo "exit $?"
ip netns exec A conntrack -L -s 10.0.0.1 -s ::1
echo "exit $?"
ip netns exec A conntrack -L -e NEW
echo "exit $?"
ip netns exec A conntrack -E -e FOO
echo "exit $?"
ip netns exec A conntrack -L -o foo
echo "exit $?"
ip netns exec A conntrack -L -z -p tcp
echo "exit $?"
ip netns exec A conntrack -L -n 10.0.0.1:
echo "exit $?"
ip netns exec A conntrack -L -n 10.0.0.1:99999
echo "exit $?"
ip netns exec A conntrack -L -n 1.2.3.4 -j
echo "exit $?"
ip netns exec A conntrack -D
echo "exit $?"
ip netns exec A conntrack --stats=1
echo "exit $?"
ip netns exec A conntrack --dum
echo "exit $?"
ip netns exec A conntrack -V
echo "exit $?"
ip netns exec A conntrack -S -L
echo "exit $?"
ip netns exec A conntrack -L dying
echo "exit $?"
ip netns exec A conntrack -D unconfirmed
echo "exit $?"
ip netns exec A conntrack -L expect
echo "exit $?"
ip netns exec A conntrack -U expect
echo "exit $?"
ip netns exec A conntrack -C expect
echo "exit $?"
