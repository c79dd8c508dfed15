# comment, mark, length, ttl, pkttype, mac, iprange: save, list, errors.
iptables -A INPUT -m comment --comment hello -j ACCEPT
iptables -A INPUT -m comment --comment "two words" -j ACCEPT
iptables -A INPUT -m comment --comment 'quote " inside' -j ACCEPT
iptables -A INPUT -m comment --comment "" -j ACCEPT
iptables -A INPUT -m comment --comment 'back\slash' -j ACCEPT
iptables -A INPUT -m comment --comment a -m comment --comment b
iptables -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -A INPUT -m comment
iptables -A INPUT -m comment ! --comment x
iptables -A INPUT -m mark --mark 1 -j ACCEPT
iptables -A INPUT -m mark --mark 0x10/0xf0 -j ACCEPT
iptables -A INPUT -m mark ! --mark 0xffffffff/0xffffffff
iptables -A INPUT -m mark --mark 010
iptables -A INPUT -m mark --mark 4294967296
iptables -A INPUT -m mark --mark x
iptables -A INPUT -m mark
iptables -A INPUT -m length --length 100 -j DROP
iptables -A INPUT -m length --length 100:200
iptables -A INPUT -m length ! --length :1500
iptables -A INPUT -m length --length 1000:
iptables -A INPUT -m length --length 65536
iptables -A INPUT -m length --length 300:200
iptables -A INPUT -m ttl --ttl-eq 64
iptables -A INPUT -m ttl ! --ttl-eq 1
iptables -A INPUT -m ttl --ttl-lt 5
iptables -A INPUT -m ttl --ttl-gt 250
iptables -A INPUT -m ttl ! --ttl-lt 5
iptables -A INPUT -m ttl --ttl-eq 256
iptables -A INPUT -m ttl --ttl-eq 1 --ttl-lt 2
iptables -A INPUT -m ttl
iptables -A INPUT -m pkttype --pkt-type unicast
iptables -A INPUT -m pkttype --pkt-type broadcast
iptables -A INPUT -m pkttype ! --pkt-type multicast
iptables -A INPUT -m pkttype --pkt-type host
iptables -A INPUT -m pkttype --pkt-type MULTICAST
iptables -A INPUT -m pkttype --pkt-type bogus
iptables -A INPUT -m mac --mac-source 00:11:22:aa:BB:cc
iptables -A INPUT -m mac ! --mac-source 01:02:03:04:05:06 -j DROP
iptables -A INPUT -m mac --mac-source 00:11:22:33:44
iptables -A INPUT -m mac --mac-source 00:11:22:33:44:gg
iptables -A OUTPUT -m mac --mac-source 00:11:22:33:44:55
iptables -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9
iptables -A INPUT -m iprange --dst-range 10.0.0.1-10.0.0.9 ! --src-range 10.1.0.0-10.1.255.255
iptables -A INPUT -m iprange ! --dst-range 192.168.0.1
iptables -A INPUT -m iprange --src-range 10.0.0.9-10.0.0.1
iptables -A INPUT -m iprange --src-range 10.0.0.300-10.0.0.1
iptables -A INPUT -m iprange
iptables -A INPUT -p tcp --dport 22 -m comment --comment ssh -m mark --mark 5 -m length --length 40:60 -m ttl --ttl-gt 1 -j ACCEPT
iptables -S
iptables -L
iptables -L -n -v
iptables -C INPUT -m mark --mark 0x1 -j ACCEPT
iptables -C INPUT -m mark --mark 1/0xffffffff -j ACCEPT
iptables -D INPUT -m comment --comment "two words" -j ACCEPT
iptables -D INPUT -m comment --comment "other words" -j ACCEPT
iptables -D INPUT -m comment --comment hello -m mark --mark 1 -j ACCEPT
iptables -S
iptables-save
