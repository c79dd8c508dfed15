# veths across namespaces: creating an end in another namespace, moving ends, the ids
# namespaces give each other (link-netns NAME / link-netnsid N), and deleting a namespace.
ip netns add a
ip netns add b
ip link add v0 type veth peer name v1
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip link set v1 netns a
ip link show v0
ip netns list
ip -n a link
ip -n a netns list
ip a show v0
ip link set v0 netns b
ip netns list
ip -n b link
ip -n a link
ip -n b netns list
ip -n a netns list
ip -n a netns list-id
ip -n a link set v1 netns b
ip -n b link
ip -n b link set v1 name v0
ip -n b link set v1 netns nosuch
ip -n b link set v1 netns 0
ip link add v2 type veth peer name v3 netns a
ip -n a link add v4 type veth peer name v5 netns b
ip -n a link
ip -n b link
ip -n a netns list
ip -j -n a link show v3
ip link show v2
ip -br link
ip -n a link set v3 up
ip link set v2 up
ip link show v2
ip -n a link show v3
ip -n a link set v3 down
ip link show v2
ip link add v6 netns a type veth peer name v7
ip -n a link show v6
ip link show v7
ip link add v8 type veth peer name v3 netns a
ip netns del a
sleep 1
ip link
ip netns list
ip -n b link
ip -n b netns list
