# -s / -d: CIDR and dotted masks, host bits, lists and their expansion, names.
iptables -A INPUT -s 10.0.0.1
iptables -A INPUT -s 10.0.0.1/32
iptables -A INPUT -s 10.0.0.0/8
iptables -A INPUT -s 10.1.2.3/8
iptables -A INPUT -s 10.1.2.3/255.255.0.0
iptables -A INPUT -s 10.1.2.3/255.0.255.0
iptables -A INPUT -s 10.1.2.3/0.0.0.255
iptables -A INPUT -s 10.1.2.3/0
iptables -A INPUT -s 0.0.0.0/0
iptables -A INPUT -d 0/0
iptables -A INPUT ! -s 0.0.0.0/0
iptables -A INPUT ! -d 10.1.2.3/0
iptables -A INPUT -s 10.1.2.3/255.255.255.255
iptables -A INPUT -s 10.1.2.3/0.0.0.0
iptables -A INPUT -d 192.168.0.0/16 ! -s 172.16.0.0/12
iptables -A INPUT --source 1.2.3.4 --destination 5.6.7.8
iptables -A INPUT --src 1.2.3.5 --dst 5.6.7.9
iptables -A INPUT -s 10 -d 10.1
iptables -A INPUT -s 10.1.2 -d 127.1
iptables -A INPUT -s 0x0a000001 -d 012.0.0.1
iptables -A INPUT -s 10.0.0.1/024
iptables -A INPUT -s 10.0.0.1/0x18
iptables -A INPUT -s localhost
iptables -A INPUT -d localhost/24
iptables -A INPUT -s 255.255.255.255 -d 0.0.0.0/1
iptables -A INPUT -s 128.0.0.0/1
iptables -A INPUT -s 10.0.0.1/31 -d 10.0.0.1/30
iptables -A INPUT -s loopback/8 -d link-local/16
iptables -A INPUT -s default/1 -d loopback
iptables -A INPUT -s 167772161 -d 10.300
iptables -A INPUT -s 10.0.256 -d 0x7f.1
iptables -A INPUT -s 169.254.0.0/16 -d 0.0.0.0/255.0.0.0
iptables -L INPUT
iptables -L INPUT -n
iptables -L INPUT -n -v
iptables -S INPUT
iptables -F INPUT
iptables -A INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -A INPUT -s 10.0.0.1,10.0.0.2 -d 10.1.0.1,10.1.0.2 -j DROP
iptables -A INPUT -d 10.2.0.1,10.2.0.0/16,10.2.0.1 -j RETURN
iptables -A INPUT -s 10.3.0.1, -j ACCEPT
iptables -A INPUT -s ,10.3.0.1 -j ACCEPT
iptables -A INPUT -s '10.4.0.1, 10.4.0.2' -j ACCEPT
iptables -S INPUT
iptables -L INPUT -n --line-numbers
iptables -D INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -S INPUT
iptables -C INPUT -s 10.0.0.1,10.0.0.2 -d 10.1.0.1,10.1.0.2 -j DROP
iptables -C INPUT -s 10.0.0.1,10.0.0.9 -d 10.1.0.1,10.1.0.2 -j DROP
iptables -D INPUT -s 10.0.0.2,10.0.0.9 -d 10.1.0.1 -j DROP
iptables -S INPUT
iptables -I INPUT 2 -s 10.5.0.1,10.5.0.2 -j ACCEPT
iptables -S INPUT
iptables -A INPUT ! -s 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -A INPUT ! -d 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -A INPUT -s 10.0.0.1,10.0.0.2 ! -d 10.0.0.3 -j ACCEPT
iptables -A INPUT ! -s 10.0.0.1/8 -d 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -A INPUT -s 10.0.0.1,10.0.0.300 -j ACCEPT
iptables -A INPUT -s 10.0.0.300
iptables -A INPUT -s 10.0.0.256
iptables -A INPUT -s 1.2.3.4.5
iptables -A INPUT -s 1..2.3
iptables -A INPUT -s -1.2.3.4
iptables -A INPUT -s 10.0.0.1/33
iptables -A INPUT -s 10.0.0.1/-1
iptables -A INPUT -s 10.0.0.1/
iptables -A INPUT -s 10.0.0.1/255.255.255.256
iptables -A INPUT -s 10.0.0.1/255.255
iptables -A INPUT -s 10.0.0.1/8/8
iptables -A INPUT -s /8
iptables -A INPUT -s ''
iptables -A INPUT -d 10.0.0.1/ab
iptables -A INPUT -s 10.0.0.1 -d no-such-host.invalid
iptables -A INPUT -s 10.0.0.0/8,10.0.0.1/x
iptables -S INPUT
iptables -L INPUT
