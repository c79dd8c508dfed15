# -L with and without -n, -v, -x, --line-numbers; -S; a chain, a rule number.
iptables -N SVC
iptables -N EMPTY
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -p udp --sport 53 -j ACCEPT
iptables -A INPUT -p tcp --dport 8080 -j SVC
iptables -A INPUT -p icmp -j ACCEPT
iptables -A INPUT -p 47 -j DROP
iptables -A INPUT -p 200 -j DROP
iptables -A INPUT -p all -j DROP
iptables -A INPUT -s 127.0.0.1 -d 127.0.0.1/8 -j ACCEPT
iptables -A INPUT -s 192.168.1.0/24 -d 10.1.2.3 -j RETURN
iptables -A INPUT ! -s 10.0.0.0/255.0.255.0 ! -d 0.0.0.0/0 -j DROP
iptables -A INPUT -i eth0 -j SVC
iptables -A INPUT ! -i eth+ -g SVC
iptables -A INPUT
iptables -A FORWARD -i veth0 -o ! -j ACCEPT
iptables -A FORWARD -i veth0 ! -o veth1 -f -j ACCEPT
iptables -A FORWARD ! -f -p tcp -j DROP
iptables -A SVC -j RETURN
iptables -A SVC -p esp
iptables -A OUTPUT -p sctp -j ACCEPT
iptables -A OUTPUT -p udplite -j ACCEPT
iptables -A OUTPUT -p ipv6-icmp -j ACCEPT
iptables -A OUTPUT ! -p 41 -j ACCEPT
iptables -A OUTPUT -p 255 -j ACCEPT
iptables -L
iptables -L -n
iptables -L -v
iptables -L -n -v
iptables -L -v -x
iptables -L -n -v -x --line-numbers
iptables -L --line-numbers
iptables -nvL
iptables -nvxL INPUT
iptables -L INPUT
iptables -L SVC -n
iptables -L EMPTY
iptables -L INPUT 3
iptables -L INPUT 3 -n -v --line-numbers
iptables -L INPUT 99
iptables -L INPUT 0
iptables -L INPUT x
iptables -L FORWARD -n --line-numbers
iptables -L OUTPUT
iptables -L OUTPUT -n
iptables -S
iptables -S -v
iptables -S INPUT
iptables -S INPUT 2
iptables -S INPUT 99
iptables -S INPUT 0
iptables -S SVC
iptables -S EMPTY
iptables -S -n
iptables -S INPUT -v
iptables -L --numeric --verbose --exact --line-numbers FORWARD
iptables --list --numeric
iptables -L -S
iptables -S -L
iptables -L INPUT FORWARD
iptables -L -x
iptables -S -x
iptables -S --line-numbers
iptables -F -n
iptables -A INPUT -n -j ACCEPT
