# /proc/sys/net through the shell (cat, echo >) and ip netns exec of commands that are not
# emulated tools: sh -c scripts, builtins, filters.
cat /proc/sys/net/ipv4/ip_forward
echo 1 > /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/ip_forward
sysctl net.ipv4.ip_forward
echo abc > /proc/sys/net/ipv4/ip_forward
echo 1 > /proc/sys/net/ipv4/nope
cat /proc/sys/net/ipv4/ip_local_port_range
ip netns add x
ip netns exec x cat /proc/sys/net/ipv4/ip_forward
ip netns exec x sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; sysctl net.ipv4.ip_forward; ip link set lo up && ip -br a'
ip netns exec x echo hello
ip netns exec x ip -br link | grep lo
