# -m addrtype, -m limit, -m statistic.
iptables -A INPUT -m addrtype --dst-type LOCAL -j ACCEPT
iptables -A INPUT -m addrtype ! --src-type BROADCAST,MULTICAST
iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in
iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out
iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in
iptables -A INPUT -m addrtype --dst-type NOSUCH
iptables -A INPUT -m addrtype --limit-iface-in --limit-iface-out --src-type LOCAL
iptables -A INPUT -m limit --limit 3/hour --limit-burst 5 -j ACCEPT
iptables -A INPUT -m limit --limit 10/second
iptables -A INPUT -m limit --limit 1/min
iptables -A INPUT -m limit --limit 100/d
iptables -A INPUT -m limit
iptables -A INPUT -m limit --limit 0/second
iptables -A INPUT -m limit --limit 5/fortnight
iptables -A INPUT -m limit --limit-burst 0
iptables -A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT
iptables -A INPUT -m statistic --mode random --probability 0.33333
iptables -A INPUT -m statistic --mode random ! --probability 0.1
iptables -A INPUT -m statistic --mode nth --every 3 --packet 1
iptables -A INPUT -m statistic --mode nth --every 2
iptables -A INPUT -m statistic --mode random --probability 1.5
iptables -A INPUT -m statistic --mode nth --every 3 --packet 3
iptables -A INPUT -m statistic --mode random --every 3
iptables -A INPUT -m statistic --probability 0.5
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -S OUTPUT
iptables -L OUTPUT -n
