# IPv6 on links: ::1 on lo, the fe80::/64 address made from the MAC once a veth has carrier
# (tentative while duplicate address detection runs), its routes, addresses added by hand,
# and what a link losing carrier or going down does to them.
ip link set lo up
ip a
ip -6 route show table local
ip route show table all
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip -6 a show dev veth0
ip link set veth1 up
ip -6 a
ip -6 a show dev veth0
ip -6 route show table all
sleep 3
ip -6 route show table all dev veth0
ip -6 a
ip addr add 2001:db8::1/64 dev veth0
ip -6 addr add 2001:db8::2/64 dev veth0 nodad
ip -6 addr add 2001:db8::2/64 dev veth0
ip -6 a show dev veth0
ip -6 route
ip -j -6 route
ip -br a
ip -j a show dev veth1
sleep 3
ip -6 route show table local dev veth0
ip -6 addr del 2001:db8::1/64 dev veth0
ip -6 addr del 2001:db8::1/64 dev veth0
ip -6 route
ip link set veth1 down
ip -6 a show dev veth0
ip -6 route
ip link set veth0 down
ip -6 a show dev veth0
ip -6 route show table all
ip a show dev veth0
ip link set veth0 up
ip link set veth1 up
ip a show dev veth0
ip -o -6 a
