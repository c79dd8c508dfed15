# -m set and -j SET: parsing, iptables-save / -S / -L forms, refusals, and the
# references that rules hold on sets.
iptables -A INPUT -m set --match-set s src -j DROP
iptables -A INPUT -j SET --add-set s src
ipset create s hash:ip
ipset create s2 hash:ip,port
ipset create b bitmap:port range 1-1000
ipset create l list:set
iptables -A INPUT -m set --match-set s src -j DROP
iptables -A INPUT -m set ! --match-set s src,dst -j DROP
iptables -A INPUT -m set --match-set s2 src,dst --return-nomatch ! --update-counters ! --update-subcounters --packets-gt 5 --bytes-lt 100 -j ACCEPT
iptables -A INPUT -m set --match-set s dst --packets-eq 3 ! --bytes-eq 7
iptables -A INPUT -m set --match-set s dst ! --packets-gt 3
iptables -A INPUT -m set --match-set s dst ! --packets-lt 3
iptables -A INPUT -m set --match-set s dst ! --bytes-gt 3
iptables -A INPUT -m set --match-set s dst --packets-eq 3 --packets-lt 4
iptables -A INPUT -m set --match-set s dst --bytes-eq 3 --bytes-gt 4
iptables -A INPUT -m set --match-set s dst --packets-eq x
iptables -A INPUT -m set --match-set s dst --packets-eq -1
iptables -A INPUT -m set --match-set s dst --bytes-eq 18446744073709551615
iptables -A INPUT -m set --match-set s dst ! --return-nomatch
iptables -A INPUT -m set --match-set s dst --update-counters --update-subcounters
iptables -A INPUT -m set --match-set s dst,src,dst,src,dst,src
iptables -A INPUT -m set --match-set s dst,src,dst,src,dst,src,dst
iptables -A INPUT -m set --match-set s srcfoo,dstbar
iptables -A INPUT -m set --match-set s foo
iptables -A INPUT -m set --match-set s src,
iptables -A INPUT -m set --match-set s
iptables -A INPUT -m set --match-set s -j DROP
iptables -A INPUT -m set --match-set s ! src
iptables -A INPUT -m set --set s src
iptables -A INPUT -m set --match-set s src --match-set s dst
iptables -A INPUT -m set --match-set s src -m set --match-set s2 dst,dst
iptables -A INPUT -m set --packets-eq 3
iptables -A INPUT -m set
iptables -A INPUT -m set --match-set thisisaverylongsetnamethatislong src
iptables -A INPUT -m set --match-set b src -m set --match-set l dst
iptables -A INPUT -j SET --add-set s src
iptables -A INPUT -j SET --add-set s src --del-set s2 dst,dst --exist --timeout 10
iptables -A INPUT -j SET --del-set s2 src,src
iptables -A INPUT -j SET --add-set s src --timeout 10
iptables -A INPUT -j SET --add-set s src --timeout 4294967294
iptables -A INPUT -j SET --add-set s src --timeout 4294967295
iptables -A INPUT -j SET --add-set s src --timeout x
iptables -A INPUT -j SET --del-set s src --timeout 10
iptables -A INPUT -j SET --del-set s src --exist
iptables -A INPUT -j SET --add-set s src --add-set s dst
iptables -A INPUT -j SET --add-set s
iptables -A INPUT -j SET --add-set nosuch src
iptables -A INPUT -j SET
iptables -A INPUT -j SET --map-set s src
iptables -A INPUT -j SET --add-set s src --map-mark
iptables -A INPUT -j SET --map-set s src --map-mark --map-prio --map-queue
iptables -A FORWARD -j SET --map-set s src --map-mark
iptables -t mangle -A FORWARD -j SET --map-set s src --map-mark --map-prio --map-queue
iptables -t mangle -A PREROUTING -j SET --map-set s src --map-mark
iptables -t mangle -A PREROUTING -j SET --map-set s src --map-prio
iptables -t mangle -A POSTROUTING -j SET --map-set s src --map-queue
iptables -t mangle -N MAPS
iptables -t mangle -A MAPS -j SET --map-set s src --map-queue
iptables -t mangle -A PREROUTING -j MAPS
iptables-save
iptables -S INPUT
iptables -L INPUT
iptables -L -n -v
iptables -t mangle -L -n
ipset list -t
ipset destroy s
ipset rename s s9
ipset swap s l
ipset create s3 hash:ip
ipset swap s s3
ipset list -t s
ipset destroy
iptables -C INPUT -m set --match-set s src -j DROP
iptables -D INPUT -m set --match-set s src -j DROP
ipset list -t s
iptables -F
iptables -t mangle -F
iptables -t mangle -X
ipset list -t s
ipset destroy s
ipset list -n
iptables-restore <<EOF
*filter
-A INPUT -m set --match-set s2 src,dst -j ACCEPT
-A INPUT -m set --match-set nosuch src -j DROP
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT ACCEPT [0:0]
-A INPUT -m set --match-set s2 src,dst -j ACCEPT
-A INPUT -j SET --add-set b dst
COMMIT
EOF
iptables-save -t filter
ipset list -t b
