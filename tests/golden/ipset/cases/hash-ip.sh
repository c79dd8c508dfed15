# hash:ip: create, add/del/test with -exist and -q, ranges and prefixes, netmask, listing.
ipset version
ipset create a hash:ip
ipset add a 10.0.0.1
ipset add a 10.0.0.1
ipset -exist add a 10.0.0.1
ipset -! add a 10.0.0.1
ipset -q add a 10.0.0.1
ipset test a 10.0.0.1
ipset test a 10.0.0.2
ipset -q test a 10.0.0.2
ipset -q test a 10.0.0.1
ipset del a 10.0.0.2
ipset -exist del a 10.0.0.2
ipset add a 10.1.0.0/30
ipset add a 10.2.0.5-10.2.0.3
ipset add a 10.3.0.0/31 -exist
ipset add a 10.0.0.0/30
ipset list a
ipset save a
ipset -o plain save a
ipset -o save list a
ipset list a -o save
ipset -t list a
ipset list -t a
ipset -n list
ipset -s list a
ipset -s save a
ipset del a 10.1.0.0-10.1.0.1
ipset test a 10.1.0.2/24
ipset test a 10.2.0.3-10.2.0.9
ipset add a 0.0.0.0
ipset add a 10.1
ipset add a 1.2.3
ipset add a 012.0.0.2
ipset add a 167772165
ipset add a localhost
ipset add a 0x0a000003
ipset add a 10.0.0.256
ipset add a 10.0.0.09
ipset add a bogus
ipset add a 1.2.3.4/33
ipset add a 1.2.3.4/300
ipset add a 1.2.3.4/x
ipset add a 10.9.0.0/0
ipset add a 10.0.0.1,80
ipset add a 10.0.0.7 timeout 5
ipset add a 10.0.0.7 nomatch
ipset add a 10.0.0.7 comment x
ipset add a 10.0.0.7 packets 1
ipset list a
ipset create m hash:ip netmask 24 hashsize 100 maxelem 5 timeout 600
ipset add m 10.0.0.5
ipset add m 10.0.0.7
ipset add m 10.0.1.7 timeout 0
ipset add m 10.0.2.1-10.0.4.1
ipset add m 10.0.9.1
ipset test m 10.0.0.99
ipset test m 10.0.3.1
ipset list m
ipset flush m
ipset list m
ipset destroy m
ipset list m
ipset list
