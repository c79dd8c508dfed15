# -i / -o: names, the + wildcard, !, where each is allowed, and odd names.
iptables -A INPUT -i eth0 -j ACCEPT
iptables -A INPUT -i eth+ -j ACCEPT
iptables -A INPUT -i + -j ACCEPT
iptables -A INPUT ! -i + -j ACCEPT
iptables -A INPUT ! -i lo -j ACCEPT
iptables -A INPUT -i ! lo -j ACCEPT
iptables -A INPUT --in-interface veth-a.10 -j ACCEPT
iptables -A INPUT -i abcdefghijklmno -j ACCEPT
iptables -A INPUT -i abcdefghijklmnop -j ACCEPT
iptables -A INPUT -i '' -j ACCEPT
iptables -A INPUT -i 'a/b' -j ACCEPT
iptables -A INPUT -i 'a b' -j ACCEPT
iptables -A INPUT -i '+eth' -j ACCEPT
iptables -A INPUT -i 'eth++' -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -j ACCEPT
iptables -A FORWARD ! -i eth0 ! -o eth1+ -j DROP
iptables -A FORWARD --out-interface + -j DROP
iptables -A FORWARD -o '*' -j DROP
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A OUTPUT ! -o wg+ -j ACCEPT
iptables -A OUTPUT -i lo -j ACCEPT
iptables -A INPUT -o lo -j ACCEPT
iptables -I INPUT 1 -o lo -j ACCEPT
iptables -R INPUT 1 -o lo -j ACCEPT
iptables -A PREROUTING -o lo -j ACCEPT
iptables -t nat -A PREROUTING -i eth0 -j ACCEPT
iptables -t nat -A PREROUTING -o eth0 -j ACCEPT
iptables -t nat -A POSTROUTING -o eth0 -j ACCEPT
iptables -t nat -A POSTROUTING -i eth0 -j ACCEPT
iptables -t nat -A OUTPUT -o eth0 -j ACCEPT
iptables -t nat -A INPUT -i eth0 -j ACCEPT
iptables -t raw -A PREROUTING -o eth0 -j ACCEPT
iptables -t raw -A OUTPUT -i eth0 -j ACCEPT
iptables -t mangle -A FORWARD -i a -o b -j ACCEPT
iptables -N U
iptables -A U -i eth0 -o eth1 -j ACCEPT
iptables -A INPUT -j U
iptables -A OUTPUT -j U
iptables -S
iptables -L -v
iptables -L -v -n
iptables -L -n
iptables -t nat -S
iptables -D INPUT -i eth+ -j ACCEPT
iptables -D INPUT -i eth0+ -j ACCEPT
iptables -C INPUT -i eth -j ACCEPT
iptables -C INPUT -i eth0 -j ACCEPT
iptables -C INPUT ! -i lo -j ACCEPT
iptables -C INPUT -i + -j ACCEPT
iptables -C INPUT -j ACCEPT
iptables -D INPUT -i + -j ACCEPT
iptables -S INPUT
