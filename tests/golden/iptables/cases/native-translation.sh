# nft.c turns tcp/udp port matches into native expressions: a full range, even inverted, leaves nothing;
# the protocol is taken from the word itself (-ptcp, --protocol=tcp are unknown protocols in 1.8.9).
iptables -A INPUT -p tcp ! --dport : -j ACCEPT
iptables -A INPUT -p tcp ! --dport 0:65535 --sport 80 -j ACCEPT
iptables -A INPUT -p udp ! --sport : -j DROP
iptables -A INPUT -m tcp ! --dport : -j DROP
iptables -A INPUT -m udp ! --sport : -j DROP
iptables -A INPUT -p tcp -m tcp --dport : -j DROP
iptables -S
iptables -L -n
iptables -C INPUT -p tcp ! --dport : -j ACCEPT
iptables -C INPUT -p tcp -j ACCEPT
iptables -D INPUT -p tcp ! --dport : --sport 80 -j ACCEPT
iptables -S INPUT
iptables -A FORWARD -ptcp -j ACCEPT
iptables -A FORWARD --protocol=tcp -j ACCEPT
iptables -A FORWARD --protocol tcp -j ACCEPT
iptables -A FORWARD -vp udp -j ACCEPT
iptables -S FORWARD
