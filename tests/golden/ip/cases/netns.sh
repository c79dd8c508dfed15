# ip netns: add, list (newest first, with the ids the current namespace gave), identify,
# exec of emulated tools, -n, set/list-id, delete, and their errors.
ip netns list
ip netns add red
ip netns add blue
ip netns add red
ip netns list
ip netns
ip netns show
ip netns identify
ip netns exec red ip netns identify
ip -n blue netns identify
ip netns exec red ip link
ip -n red link show lo
ip netns exec green ip link
ip -n green link
ip netns del green
ip netns exec
ip netns exec red
ip netns exec red nosuchcmd
ip netns add
ip netns del
ip netns add a/b
ip netns add ..
ip netns frob
ip netns help
ip netns list-id
ip netns set red 7
ip netns list
ip netns list-id
ip netns set blue auto
ip netns list
ip netns set blue 3
ip netns set green 1
ip netns set red abc
ip netns set red
ip -n red netns list
ip netns del red
ip netns list
ip netns add red
ip netns list
ip netns exec blue sysctl net.ipv4.ip_forward
ip -all netns exec ip netns identify
ip -all netns del
ip netns list
