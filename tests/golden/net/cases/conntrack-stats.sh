# conntrack -S: the table's statistics. The kernel keeps them per CPU and prints one line
# per CPU; nfsim has one CPU. So that a capture on a host with several CPUs compares, the
# lines are shown without their "cpu=N" prefix, all-zero ones merged by sort -u or dropped by
# grep -v: one process makes the one change counted, so its counter lands on one CPU.
# Tracked traffic that is valid counts nothing (6.x no longer counts "found");
# conntrack -I counts "insert" (nf_conntrack_hash_check_insert), an -I that clashes does not.
ip netns add A
ip netns exec A ip link set lo up
ip netns exec A conntrack -S | grep -o "found=.*" | sort -u
ip netns exec A ping -c 2 -i 0.2 -q 127.0.0.1 > /dev/null
ip netns exec A conntrack -S | grep -o "found=.*" | sort -u
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
ip netns exec A conntrack -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 50
echo "exit $?"
ip netns exec A conntrack -S | grep -v "insert=0" | grep -o "found=.*"
ip netns exec A conntrack -S expect | grep -o "expect_new=.*" | sort -u
