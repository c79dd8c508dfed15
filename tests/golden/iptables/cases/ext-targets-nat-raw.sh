# SNAT, DNAT, MASQUERADE, REDIRECT, NETMAP in nat; CT, NOTRACK, TRACE in raw; refusals elsewhere.
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080
iptables -t nat -A PREROUTING -d 1.2.3.4 -j DNAT --to-destination 10.0.0.2
iptables -t nat -A PREROUTING -p udp -j DNAT --to-destination 10.0.0.2-10.0.0.9:1000-2000
iptables -t nat -A OUTPUT -p tcp -j DNAT --to 10.0.0.3:80 --random --persistent
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.2:80
iptables -t nat -A PREROUTING -j DNAT
iptables -t nat -A POSTROUTING -j DNAT --to-destination 10.0.0.2
iptables -A INPUT -j DNAT --to-destination 10.0.0.2
iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.1
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 192.0.2.1-192.0.2.5:1024-65535 --random-fully
iptables -t nat -A INPUT -j SNAT --to-source 192.0.2.9
iptables -t nat -A PREROUTING -j SNAT --to-source 192.0.2.9
iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2048 --random
iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 1024
iptables -t nat -A PREROUTING -j MASQUERADE
iptables -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 3128
iptables -t nat -A OUTPUT -p tcp -j REDIRECT
iptables -t nat -A PREROUTING -j REDIRECT --to-ports 3128
iptables -t nat -A POSTROUTING -j REDIRECT
iptables -t nat -A PREROUTING -d 10.1.0.0/24 -j NETMAP --to 10.2.0.0/24
iptables -t nat -N USER
iptables -t nat -A USER -j MASQUERADE
iptables -t nat -A PREROUTING -j USER
iptables -t nat -S
iptables -t nat -L
iptables -t nat -L -n
iptables -t raw -A PREROUTING -j CT --notrack
iptables -t raw -A OUTPUT -j NOTRACK
iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
iptables -t raw -A PREROUTING -j CT --zone 5
iptables -t raw -A PREROUTING -j CT --ctevents new,destroy
iptables -t raw -A PREROUTING -j TRACE
iptables -A INPUT -j TRACE
iptables -A INPUT -j CT --notrack
iptables -t raw -S
iptables -t raw -L
iptables -t raw -L -n
iptables-save
