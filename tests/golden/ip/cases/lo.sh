# Loopback: down at first, 127.0.0.1/8 and ::1 when it comes up, local routes that outlive
# a down, and its addresses and routes after.
ip a
ip link show lo
ip route show table local
ip link set lo up
ip a
ip -j a
ip route show table local
ip route get 127.0.0.1
ip route get 127.1.2.3
ip link set lo down
ip a show lo
ip route show table all
ip link set lo up
ip a show lo
ip route show table all
ip addr del 127.0.0.1/8 dev lo
ip route show table all
ip link set lo down
ip link set lo up
ip a show lo
ip addr add 10.10.10.10/32 dev lo
ip route show table all
ip route get 10.10.10.10
