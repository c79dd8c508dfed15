# -p by name, number, all, with !, and -f: how each is stored, listed and saved.
iptables -A INPUT -p tcp
iptables -A INPUT -p TCP
iptables -A INPUT -p 6
iptables -A INPUT -p udp
iptables -A INPUT -p 17
iptables -A INPUT -p icmp
iptables -A INPUT -p 1
iptables -A INPUT -p all
iptables -A INPUT -p ALL
iptables -A INPUT -p 0
iptables -A INPUT -p ip
iptables -A INPUT -p gre
iptables -A INPUT -p 47
iptables -A INPUT -p esp
iptables -A INPUT -p ah
iptables -A INPUT -p sctp
iptables -A INPUT -p 132
iptables -A INPUT -p udplite
iptables -A INPUT -p icmpv6
iptables -A INPUT -p ipv6-icmp
iptables -A INPUT -p mh
iptables -A INPUT -p ipv6-mh
iptables -A INPUT -p ospf
iptables -A INPUT -p 89
iptables -A INPUT -p vrrp
iptables -A INPUT -p 112
iptables -A INPUT -p igmp
iptables -A INPUT -p ipencap
iptables -A INPUT -p 4
iptables -A INPUT -p 0x11
iptables -A INPUT -p 017
iptables -A INPUT -p 143
iptables -A INPUT -p 200
iptables -A INPUT -p 255
iptables -A INPUT --protocol tcp
iptables -A INPUT ! -p tcp
iptables -A INPUT ! -p 17
iptables -A INPUT ! -p icmp
iptables -A INPUT ! -p 200
iptables -A INPUT -p ! tcp
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -L INPUT -v
iptables -L INPUT -v -n
iptables -F
iptables -A INPUT -f
iptables -A INPUT ! -f
iptables -A INPUT -p tcp -f
iptables -A INPUT -p udp ! -f -s 10.0.0.1
iptables -A INPUT --fragment
iptables -A INPUT -f -f
iptables -A INPUT -f -p tcp --dport 22
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n -v
iptables -C INPUT -f
iptables -C INPUT ! -f
iptables -D INPUT -f
iptables -D INPUT -p tcp -f
iptables -C INPUT -p 6 -f
iptables -D INPUT -p 6 -f
iptables -S INPUT
iptables -A INPUT -p 256
iptables -A INPUT -p foo
iptables -A INPUT -p tcp,udp
iptables -A INPUT -p ' tcp'
iptables -A INPUT ! -p all
iptables -A INPUT ! -p 0
iptables -A INPUT ! -p ip
iptables -A INPUT -p all ! -f
iptables -D INPUT -p all ! -f
iptables -D INPUT -p 0 -f
iptables -S
