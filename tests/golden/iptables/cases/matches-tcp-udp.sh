# tcp and udp: ports, service names, ranges, flags, --syn, --tcp-option; implicit and -m.
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -p tcp --sport 1024:65535 --dport 80 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --dport http -j ACCEPT
iptables -A INPUT -p tcp --destination-port https
iptables -A INPUT -p tcp --source-port ssh:
iptables -A INPUT -p tcp --dport :1023
iptables -A INPUT -p tcp --dport 0:65535
iptables -A INPUT -p tcp --dport 100:100
iptables -A INPUT -p tcp --dport 2000:1000
iptables -A INPUT -p tcp ! --dport 22
iptables -A INPUT -p tcp --dport ! 22
iptables -A INPUT -p tcp ! --sport 1:2 ! --dport 3:4
iptables -A INPUT -p tcp --syn
iptables -A INPUT -p tcp ! --syn
iptables -A INPUT -p tcp --tcp-flags SYN,RST,ACK,FIN SYN
iptables -A INPUT -p tcp --tcp-flags ALL NONE
iptables -A INPUT -p tcp --tcp-flags ALL ALL
iptables -A INPUT -p tcp ! --tcp-flags SYN,ACK SYN,ACK
iptables -A INPUT -p tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,URG,PSH
iptables -A INPUT -p tcp --tcp-flags ack,syn syn
iptables -A INPUT -p tcp --tcp-flags NONE NONE
iptables -A INPUT -p tcp --tcp-option 2
iptables -A INPUT -p tcp ! --tcp-option 8
iptables -A INPUT -p tcp --dport 22 --sport 33 --tcp-flags SYN SYN --tcp-option 3
iptables -A INPUT -m tcp -p tcp --dport 7
iptables -A INPUT -p 6 --dport 8
iptables -A INPUT -p udp --dport 53 -j ACCEPT
iptables -A INPUT -p udp --sport domain --dport 1024:
iptables -A INPUT -p udp -m udp ! --dport 67:68
iptables -A INPUT -p udp --source-port 123 --destination-port ntp
iptables -A INPUT -p 17 --dport 9
iptables -S
iptables -L
iptables -L -n
iptables -L -v -n
iptables -C INPUT -p tcp -m tcp --dport 22 -j ACCEPT
iptables -C INPUT -p tcp --dport ssh -j ACCEPT
iptables -D INPUT -p tcp --destination-port 22 -j ACCEPT
iptables -D INPUT -p tcp --dport 22 -j ACCEPT
iptables -F
iptables -A INPUT -p tcp --dport
iptables -A INPUT -p tcp --dport 65536
iptables -A INPUT -p tcp --dport -1
iptables -A INPUT -p tcp --dport foo
iptables -A INPUT -p tcp --dport 1:2:3
iptables -A INPUT -p tcp --dport 1,2
iptables -A INPUT -p tcp --dport 22 --dport 23
iptables -A INPUT -p tcp --syn --tcp-flags SYN SYN
iptables -A INPUT -p tcp --tcp-flags SYN
iptables -A INPUT -p tcp --tcp-flags BOGUS SYN
iptables -A INPUT -p tcp --tcp-flags SYN,BOGUS SYN
iptables -A INPUT -p tcp --tcp-option 256
iptables -A INPUT -p tcp --tcp-option x
iptables -A INPUT -p tcp ! --syn ! --syn
iptables -A INPUT -p udp --dport 70000
iptables -A INPUT -p udp -m udp --sport 4:3
iptables -A INPUT -p udp --dport 0x16
iptables -A INPUT -p udp --dport -1
iptables -A INPUT -p udp --dport 65536
iptables -A INPUT -p udp --dport ' 22'
iptables -A INPUT -p udp --dport 4294967296
iptables -A INPUT -p udp --dport 1:2:3
iptables -A INPUT -p udp --dport foo:2:3
iptables -A INPUT -p udp --dport :
iptables -A INPUT -p udp --sport domain:
iptables -A INPUT -p tcp --dport 0x16
iptables -A INPUT -p tcp --dport 017
iptables -A INPUT -p tcp --dport ' 22'
iptables -A INPUT -p udp --syn
iptables -A INPUT -p udp --tcp-flags SYN SYN
iptables -A INPUT -p udp --dport 1 --sport 2 --dport 3
iptables -A INPUT --dport 22
iptables -A INPUT -m tcp --dport 22
iptables -A INPUT -p udp -m tcp --dport 22
iptables -A INPUT -p tcp -m udp --dport 22
iptables -A INPUT -p icmp --dport 22
iptables -A INPUT -p all --dport 22
iptables -A INPUT -p 0 --dport 22
iptables -A INPUT ! -p tcp --dport 22
iptables -A INPUT -m tcp --dport 22 -m tcp --sport 33
iptables -A INPUT -p tcp --dport 22 -m udp --dport 23
iptables -A INPUT -p tcp --dpor 22
iptables -A INPUT -p tcp --d 22
iptables -A INPUT -p tcp --sp 22
iptables -A INPUT -p tcp --tcp-f SYN SYN
iptables -S
