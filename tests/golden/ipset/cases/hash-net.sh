# hash:net: prefixes, ranges split into prefixes, nomatch exceptions, longest match,
# counters and comments.
ipset create n hash:net counters comment
ipset add n 10.0.0.0/8
ipset add n 10.1.0.0/16 nomatch comment "hello world"
ipset add n 192.168.1.1 packets 5 bytes 100
ipset add n 0.0.0.0/0
ipset add n 10.0.0.0/0
ipset add n 10.2.0.0-10.2.1.255
ipset add n 10.3.0.1-10.3.0.6
ipset add n 0.0.0.0-255.255.255.255
ipset add n 10.1.0.0/16
ipset add n 172.16.0.5/24
ipset add n 10.4.0.0/24 comment 'say "hi"'
ipset list n
ipset save n
ipset test n 10.1.2.3
ipset test n 10.1.2.3 nomatch
ipset test n 10.2.2.3
ipset test n 10.2.1.3
ipset test n 10.0.0.0/8
ipset test n 10.0.0.0/9
ipset test n 10.1.0.0/16
ipset test n 10.1.0.0/16 nomatch
ipset test n 10.5.0.0-10.5.0.9
ipset test n 172.16.0.99
ipset -exist add n 10.1.0.0/16 comment replaced
ipset list n
ipset -exist add n 10.1.0.0/16 packets 7 bytes 70
ipset list n
ipset del n 10.3.0.2/31
ipset del n 10.3.0.2/31
ipset del n 10.2.0.0-10.2.1.255
ipset -s list n
ipset create t hash:net timeout 300
ipset add t 10.0.0.0/24
ipset add t 10.0.1.0/24 timeout 0
ipset add t 10.0.2.0/24 timeout 100
ipset list t
ipset -exist add t 10.0.2.0/24 timeout 0
ipset list t
