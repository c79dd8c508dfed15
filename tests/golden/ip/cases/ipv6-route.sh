# IPv6 routes and neighbours: user routes (metric 1024), gateways and their checks, error
# routes on lo, replace/del/flush, ip -6 route get with its source choice, and ND entries.
ip link add veth0 type veth peer name veth1
ip -6 route add 2001:db8:2::/64 via 2001:db8:1::1
ip -6 route add 2001:db8:2::/64 dev veth0
ip link set veth0 up
ip -6 route add 2001:db8:2::/64 dev veth0
ip -6 route add 2001:db8:2::/64 dev veth0
ip -6 route
ip -6 addr add 2001:db8:1::2/64 dev veth0 nodad
ip -6 route add 2001:db8:3::/64 via 2001:db8:1::1
ip -6 route add 2001:db8:4::/64 via 2001:db8:9::1
ip -6 route add default via fe80::1 dev veth0
ip -6 route add default via fe80::1
ip -6 route add 2001:db8:5::/64 via 2001:db8:1::1 metric 100
ip -6 route add 2001:db8:5::/64 via 2001:db8:1::7 metric 100
ip -6 route add blackhole 2001:db8:6::/64
ip -6 route add unreachable 2001:db8:7::/64
ip -6 route add 2001:db8:8::1 dev veth0 proto static
ip -6 route
ip -6 route show table all
ip -j -6 route
ip -6 route get 2001:db8:3::5
ip -6 route get 2001:db8:1::9
ip -6 route get 2001:db8:1::2
ip -6 route get 2001:db8:6::1
ip -6 route get 2001:db8:7::1
ip -6 route get 3000::1
ip -6 route get fe80::5 dev veth0
ip -6 route get ::1
ip route get 2001:db8:3::5
ip -6 route del 2001:db8:3::/64
ip -6 route del 2001:db8:3::/64
ip -6 route del default
ip -6 route
ip -6 route flush dev veth0
ip -6 route
ip link set veth1 up
ip -6 neigh add 2001:db8:1::1 lladdr 02:00:00:00:00:01 dev veth0
ip -6 neigh show 2001:db8:1::1
ip neigh show 2001:db8:1::1
ip -6 route add 2001:db8:9::/64 via 2001:db8:1::1 dev veth1
ip -6 addr add 2001:db8:1::4/64 dev veth0
ip -6 addr add 2001:db8:1::5/64 dev veth0 nodad
ip -6 a show dev veth0
ip -6 route show table all
ip link set veth0 up
ip -6 a show dev veth0
ip -6 route show table all
ip link set veth1 up
ip -6 a show dev veth0
ip -6 route show table all
ip link set veth1 down
ip -6 addr add 2001:db8:2::1/64 dev veth1
ip -6 route show table all dev veth1
ip -6 route add 2001:db8:9::/64 dev veth0 metric 5
ip -6 route add 2001:db8:9::/64 dev veth0 metric 5 table 100
ip -6 route show table 100
ip -6 route show table all
ip -6 route get 2001:db8:9::1
ip -j -6 route get 2001:db8:9::1
ip -6 route del 2001:db8:9::/64 dev veth0 metric 5
ip -6 route del 2001:db8:9::/64 table 100
ip -6 route del 2001:db8:9::/64 table 100
ip -6 route replace 2001:db8:a::/64 via 2001:db8:1::1
ip -6 route replace 2001:db8:a::/64 via 2001:db8:1::9
ip -6 route
ip -6 route add local 2001:db8:b::1 dev lo
ip -6 route add 2001:db8:c::/64 dev lo
ip -6 route add 2001:db8:d::1/64 dev veth0
ip -6 route add 2001:db8:e::/64 via 2001:db8:1::1 src 2001:db8:1::3
ip -6 route add 2001:db8:f::/64 dev veth0 src 2001:db8:1::99
ip -6 route show table all
