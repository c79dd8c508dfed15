# The seed's pf rules on a Mac beside a Linux host, with packets going through them.
# Run it with:  bin/nfsim run -x examples/pf-lab.sh
#
# `nfsim host NAME --os macos` (nfsim's own command, after `ip netns add NAME`) makes a
# host a Mac: pf filters its packets instead of netfilter, pfctl is there and iptables is
# not, its loopback is lo0, and it boots as macOS does (/etc/pf.conf loaded, pf disabled).
# LIME is a Linux host with two addresses: 10.10.10.2, and 10.10.10.3, one of the seed's
# table <t>. pf drops the Mac's answers to both while the rules are loaded and pf enabled.

ip netns add LIME
ip netns add MAC
nfsim host MAC --os macos
ip link add veth0 netns LIME type veth peer name en0 netns MAC
ip -n LIME addr add 10.10.10.2/24 dev veth0
ip -n LIME addr add 10.10.10.3/24 dev veth0
ip -n MAC addr add 10.10.10.1/24 dev en0
ip -n LIME link set veth0 up
ip -n MAC link set en0 up

# pf is disabled: LIME reaches the Mac from both addresses.
ip netns exec LIME ping -c 1 10.10.10.1
ip netns exec LIME ping -c 1 -I 10.10.10.3 10.10.10.1

# On the Mac: the seed's rules, and pf enabled.
nsenter --net=/var/run/netns/MAC
pfctl -f - <<'EOF'
block drop from any to 10.10.10.2
table <t> persist { 10.10.10.3 10.10.10.4 }
block drop from any to { <t> }
EOF
pfctl -e
exit

# The Mac's echo replies are blocked on their way out: both pings fail.
ip netns exec LIME ping -c 2 -W 1 10.10.10.1
ip netns exec LIME ping -c 1 -W 1 -I 10.10.10.3 10.10.10.1

# What pf counted: the rules that blocked, the table entry that matched.
nsenter --net=/var/run/netns/MAC
pfctl -s rules -v
pfctl -t t -vT show
pfctl -t t -T delete 10.10.10.3
exit

# 10.10.10.3 left the table: its ping works, 10.10.10.2's still fails.
ip netns exec LIME ping -c 1 -W 1 -I 10.10.10.3 10.10.10.1
ip netns exec LIME ping -c 1 -W 1 10.10.10.1

# pf disabled: everything passes again.
nsenter --net=/var/run/netns/MAC
pfctl -d
exit
ip netns exec LIME ping -c 1 10.10.10.1
