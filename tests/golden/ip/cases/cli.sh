# The ip front end: version, usage, abbreviations of objects and commands, global options
# (-4/-6/-f, -o, -br, -c, -j -p, -n), unknown objects and options, -batch from stdin.
ip -V
ip
ip help
ip frob
ip -frob link
ip -f bogus link
ip --json link show lo
ip l
ip a s lo
ip -4 l
ip -f inet a
ip -f link a
ip -0 a show lo
ip r
ip ro sh
ip n
ip li sh lo
ip -c a
ip -c -br a
ip -br -o a
ip -j -br link
ip rule
ip -4 rule
ip -6 rule
ip rule show
ip -j rule
ip -n
ip -n nosuch link
ip link add veth0 type veth peer name veth1
ip -batch - <<EOF
link set veth0 up
link set veth1 up
address add 10.1.1.1/24 dev veth0
route add 10.2.0.0/16 via 10.1.1.2
EOF
ip -br a
ip r
ip -batch - <<EOF
link set nosuch up
address add 10.1.1.2/24 dev veth1
EOF
ip -force -batch - <<EOF
link set nosuch up
address add 10.1.1.2/24 dev veth1
EOF
ip -br -4 a
ip -s link show lo
ip -j -s link show lo
ip link set veth0 txqueuelen 500
ip link set veth0 qlen -1
ip link show veth0
ip -o -4 a show dev veth0
ip -j -p a show dev veth0
