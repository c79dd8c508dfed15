# sysctl: reading and writing the modeled keys, per namespace, forwarding spreading to every
# device, -n/-N/-q/-e/-b, directories, and the errors.
sysctl net.ipv4.ip_forward
sysctl -n net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=1
sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding net.ipv4.conf.all.accept_redirects
sysctl net.ipv4.ip_forward=0
sysctl net/ipv4/ip_forward
sysctl -N net.ipv4.ip_forward
sysctl -q -w net.ipv4.ip_forward=1
sysctl -n -w net.ipv4.ip_forward=0
sysctl net.ipv4.foo
sysctl -w net.ipv4.foo=1
sysctl -e net.ipv4.foo
sysctl -w net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=abc
sysctl -w net.ipv4.ip_default_ttl=0
sysctl -w net.ipv4.ip_default_ttl=200
sysctl net.ipv4.ip_default_ttl
sysctl -w net.netfilter.nf_conntrack_max=1000
sysctl -w net.netfilter.nf_conntrack_tcp_loose=2
sysctl -w net.netfilter.nf_conntrack_tcp_loose=0
sysctl net.netfilter.nf_conntrack_tcp_loose net.netfilter.nf_conntrack_tcp_timeout_established net.netfilter.nf_conntrack_udp_timeout
sysctl -w net.ipv4.ip_local_port_range="20000 30000"
sysctl net.ipv4.ip_local_port_range
sysctl -w net.ipv4.ip_local_port_range="30000 20000"
sysctl net.ipv4.conf.veth0.rp_filter
ip link add veth0 type veth peer name veth1
sysctl -w net.ipv4.conf.default.rp_filter=2
ip link add veth2 type veth peer name veth3
sysctl net.ipv4.conf.veth0.rp_filter net.ipv4.conf.veth2.rp_filter net.ipv4.conf.default.rp_filter net.ipv4.conf.all.rp_filter
sysctl -w net.ipv4.ip_forward=1
sysctl net.ipv4.conf.veth0.forwarding net.ipv4.conf.lo.forwarding
sysctl -w net.ipv4.conf.veth0.forwarding=0
sysctl net.ipv4.ip_forward net.ipv4.conf.veth0.forwarding net.ipv4.conf.veth1.forwarding
ip link set veth0 name eth0
sysctl net.ipv4.conf.eth0.forwarding
sysctl net.ipv4.conf.veth0.forwarding
sysctl net.ipv6.conf.all.forwarding net.ipv6.conf.eth0.disable_ipv6 net.ipv6.conf.lo.accept_dad net.ipv6.conf.eth0.mtu
sysctl -w net.ipv6.conf.all.forwarding=1
sysctl net.ipv6.conf.eth0.forwarding net.ipv6.conf.default.forwarding
sysctl net.ipv4.neigh.eth0.base_reachable_time_ms
sysctl net.ipv4.conf.lo
sysctl -a -r 'conf\.eth0\.(rp_filter|forwarding)'
ip netns add other
ip netns exec other sysctl net.ipv4.ip_forward net.ipv4.conf.default.rp_filter
ip netns exec other sysctl -w net.ipv4.ip_forward=1
sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.conf.all.forwarding=0
sysctl net.ipv4.ip_forward net.ipv4.conf.eth0.forwarding
sysctl
sysctl -w
sysctl -b net.ipv4.ip_default_ttl
sysctl ''
