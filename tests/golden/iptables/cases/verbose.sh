# -v on every command: the rule echoed, "Flushing/Deleting/Zeroing chain", and where it stops.
iptables -v -A INPUT -s 10.0.0.1 -p tcp --dport 22 -j ACCEPT
iptables -v -A INPUT -s 10.0.0.1,10.0.0.2 -d 10.9.0.0/16 -j DROP
iptables -v -A INPUT ! -s 10.0.0.0/8 -i eth0 -f -p 47 -j RETURN
iptables -v -A FORWARD -i veth+ ! -o lo -m comment --comment hi -g SVC
iptables -v -A NOPE -j ACCEPT
iptables -v -A INPUT -j NOPE
iptables -N SVC
iptables --verbose -A FORWARD -i veth+ ! -o lo -g SVC
iptables -v -I INPUT -p udp --sport 53 -j ACCEPT
iptables -v -I INPUT 9 -j ACCEPT
iptables -v -I INPUT 2 -m mark --mark 0x5/0xff -j ACCEPT
iptables -v -R INPUT 1 -p icmp -j DROP
iptables -v -R INPUT 99 -j DROP
iptables -v -C INPUT -p icmp -j DROP
iptables -v -C INPUT -p icmp -j ACCEPT
iptables -v -D INPUT -p icmp -j DROP
iptables -v -D INPUT -p icmp -j DROP
iptables -v -D INPUT 1
iptables -v -S
iptables -v -N OTHER
iptables -v -E OTHER OTHER2
iptables -v -P OUTPUT DROP
iptables -v -Z
iptables -v -Z INPUT
iptables -v -Z INPUT 1
iptables -v -L INPUT -Z
iptables -v -F SVC
iptables -v -F
iptables -v -X OTHER2
iptables -v -X
iptables -v -S
iptables -t nat -v -F
iptables -t raw -v -Z
iptables -t mangle -v -X
iptables-save
iptables -v -A INPUT -j ACCEPT -c 1 2
iptables -S -v
