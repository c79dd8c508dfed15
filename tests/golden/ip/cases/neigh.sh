# Neighbours: add/replace/change/del with the NUD states, the show filters (NOARP hidden),
# flush (PERMANENT kept), errors. Listings go through sort: the kernel's hash order is random.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip link set veth1 up
ip neigh
ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev veth0
ip neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev veth0 nud reachable
ip neigh add 10.0.0.4 lladdr 2:0:0:0:0:4 dev veth0 nud stale
ip neigh add 10.0.0.5 dev veth0 nud noarp lladdr 02:00:00:00:00:05
ip neigh add 10.0.0.6 dev veth0
ip neigh add 10.0.0.7 dev veth0 nud failed
ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:22 dev veth0
ip neigh show | sort
ip neigh show dev veth0 | sort
ip -4 neigh show nud permanent
ip -4 neigh show nud noarp
ip neigh show nud failed
ip -4 neigh show nud all | sort
ip neigh show 10.0.0.3
ip -j neigh show 10.0.0.3
ip -br neigh show 10.0.0.4
ip neigh show to 10.0.0.0/30 | sort
ip neigh replace 10.0.0.2 lladdr 02:00:00:00:00:22 dev veth0 nud stale
ip neigh show 10.0.0.2
ip neigh change 10.0.0.9 lladdr 02:00:00:00:00:22 dev veth0
ip neigh change 10.0.0.4 lladdr 02:00:00:00:00:44 dev veth0 nud reachable
ip neigh show 10.0.0.4
ip neigh del 10.0.0.4 dev veth0
ip neigh del 10.0.0.4 dev veth0
ip neigh del 10.0.0.4
ip neigh add 10.0.0.8 lladdr zz dev veth0
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev nosuch
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev veth0 nud bogus
ip neigh flush
ip neigh flush dev veth0
ip -4 neigh show nud all | sort
ip neigh flush dev veth0 nud all
ip -4 neigh show nud all | sort
ip neigh add 192.168.9.9 lladdr 02:00:00:00:00:09 dev veth0 router
ip neigh show
ip link set veth1 down
ip neigh show
ip neigh add 10.0.0.12 lladdr 02:00:00:00:00:0c dev veth0 nud reachable
ip neigh show 10.0.0.12
ip link set veth0 down
ip -4 neigh show nud all
