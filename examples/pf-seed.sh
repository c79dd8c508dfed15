# The seed's pf session, typed on a Mac that sits beside a Linux host.
# Run it with:  bin/nfsim run -x examples/pf-seed.sh
#
# `nfsim host MAC --os macos` is nfsim's own command: it makes a host a Mac. A Mac filters
# with pf (pfctl; there is no iptables), and boots as macOS does, with /etc/pf.conf and its
# com.apple anchors loaded and pf disabled. No packet flows here, so the table counters stay
# at zero; examples/pf-lab.sh sends packets through the same rules.

ip netns add LIME
ip netns add MAC
nfsim host MAC --os macos
ip link add veth0 netns LIME type veth peer name en0 netns MAC
ip -n LIME addr add 10.10.10.2/24 dev veth0
ip -n MAC addr add 10.10.10.1/24 dev en0
ip -n LIME link set veth0 up
ip -n MAC link set en0 up

# Log in to the Mac: from here on the commands run there.
nsenter --net=/var/run/netns/MAC
pfctl -s rules
iptables -L INPUT

# Block LIME, and what a table holds.
pfctl -f - <<'EOF'
block drop from any to 10.10.10.2
table <t> persist { 10.10.10.3 10.10.10.4 }
block drop from any to { <t> }
EOF
pfctl -s rules
pfctl -e
pfctl -e
pfctl -s info | head -n 1
pfctl -t t -vT show
pfctl -t t -T add 10.10.10.5
pfctl -t t -T delete 10.10.10.3
pfctl -t t -T show
pfctl -s Tables
pfctl -F Tables
pfctl -t t -T show
pfctl -d

# Back to what the Mac shipped with, then nothing at all.
pfctl -f /etc/pf.conf
pfctl -s rules
pfctl -F all
pfctl -s rules
exit
