# Sorted listings, skbinfo and counters on elements, -q, list:set syntax variants, and the
# xml form of every type.
ipset list
ipset -q create a hash:nett
ipset -q foo
ipset -q add nosuch 1.1.1.1
ipset create n hash:net,port counters skbinfo comment
ipset add n 10.0.0.0/8,80 packets 10 bytes 1000 skbmark 0x1 skbprio 10:20 skbqueue 2 comment hi
ipset add n 10.0.0.0/16,80 skbmark 0x10/0xf0
ipset add n 9.0.0.0/8,udp:53 skbmark 0x1/0xffffffff
ipset add n 10.0.0.0/24,icmp:echo-reply
ipset add n 10.0.0.0/24,22 skbmark 1
ipset add n 10.0.0.0/24,22 skbprio 1
ipset add n 10.0.0.0/24,22 skbqueue 70000
ipset add n 10.0.0.0/24,22 timeout 1
ipset add n 10.0.0.0/24,22 packets -1
ipset add n 10.0.0.0/24,22 packets 18446744073709551615
ipset add n 10.0.0.0/24,22 packets 18446744073709551614
ipset add n 10.0.0.0/24,23 comment a comment b
ipset add n 10.0.0.0/24,24 nomatch nomatch
ipset -s list n
ipset -s save n
ipset -o xml -s list n
ipset create h hash:ip
ipset add h 10.0.0.10
ipset add h 10.0.0.9
ipset add h 9.0.0.200
ipset add h 10.0.0.100
ipset add h 192.168.0.1
ipset add h 10.0.1.1
ipset -s list h
ipset create b bitmap:port range 10-20 counters
ipset add b 12 packets 3 bytes 4
ipset add b 11
ipset -o xml list b
ipset create l list:set comment
ipset add l h comment "first one"
ipset add l b,before,h
ipset add l n,after,h
ipset add l n,foo,h
ipset add l n,before
ipset add l n before h after b
ipset add l n before h
ipset add l b before h
ipset list l
ipset -o xml list l
ipset test l b,before,h
ipset test l h after b
ipset del l b after h
ipset del l nosuch
ipset del l b before nosuch
ipset del l h before b
ipset -exist add l h comment again
ipset list l
ipset -q destroy
ipset destroy l
ipset destroy
ipset list
