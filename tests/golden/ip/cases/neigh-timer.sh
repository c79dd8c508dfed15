# A REACHABLE entry goes STALE once reachable_time (15 to 45 s in the kernel) has passed.
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev veth0 nud reachable
ip neigh show 10.0.0.8
sleep 50
ip neigh show 10.0.0.8
ip neigh show nud stale
