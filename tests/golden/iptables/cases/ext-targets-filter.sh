# REJECT, LOG, MARK, CONNMARK: options, defaults, save and list forms, refusals.
iptables -A INPUT -j REJECT
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-host-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-port-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited
iptables -A INPUT -j REJECT --reject-with host-unreach
iptables -A INPUT -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with bogus
iptables -t mangle -A PREROUTING -j REJECT
iptables -A INPUT -j LOG
iptables -A INPUT -j LOG --log-prefix "in: " --log-level warning
iptables -A INPUT -j LOG --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode
iptables -A INPUT -j LOG --log-level alert
iptables -A INPUT -j LOG --log-level 9
iptables -A INPUT -j LOG --log-prefix "this prefix is much longer than twenty-nine characters"
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -t mangle -A PREROUTING -j MARK --set-mark 1
iptables -t mangle -A PREROUTING -j MARK --set-mark 0x10/0xff
iptables -t mangle -A PREROUTING -j MARK --set-xmark 2/3
iptables -t mangle -A PREROUTING -j MARK --and-mark 0xf0
iptables -t mangle -A PREROUTING -j MARK --or-mark 4
iptables -t mangle -A PREROUTING -j MARK --xor-mark 8
iptables -t mangle -A PREROUTING -j MARK
iptables -t mangle -A PREROUTING -j MARK --set-mark foo
iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 1
iptables -t mangle -A PREROUTING -j CONNMARK --save-mark
iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
iptables -t mangle -A PREROUTING -j CONNMARK --set-xmark 5/0xf
iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --mask 0xffff
iptables -t mangle -A PREROUTING -j CONNMARK
iptables -A INPUT -j MARK --set-mark 3
iptables -t mangle -S
iptables -t mangle -L -n
iptables -t mangle -L
iptables -S INPUT
