# hash:ip,port, hash:net,port and hash:ip,port,ip: protocols, services, ICMP, ranges.
ipset create p hash:ip,port
ipset add p 10.0.0.1,80
ipset add p 10.0.0.1,udp:53
ipset add p 10.0.0.1,tcp:http
ipset add p 10.0.0.1,udp:domain
ipset add p 10.0.0.1,icmp:echo-request
ipset add p 10.0.0.1,icmp:8/0
ipset add p 10.0.0.1,icmp:ping
ipset add p 10.0.0.1,icmp:3/42
ipset add p 10.0.0.1,icmp:host-unr
ipset add p 10.0.0.1,icmp:foo
ipset add p 10.0.0.1,icmp:300/1
ipset add p 10.0.0.1,gre:0
ipset add p 10.0.0.1,gre:1
ipset add p 10.0.0.1,47:0
ipset add p 10.0.0.1,0:0
ipset add p 10.0.0.1,foo:0
ipset add p 10.0.0.1,ip:0
ipset add p 10.0.0.1
ipset add p 10.0.0.2,80-82
ipset add p 10.0.0.2,udp:90-88
ipset add p 10.0.0.2,sctp:100
ipset add p 10.0.0.2,udplite:100
ipset add p 10.0.0.3-10.0.0.4,tcp:22
ipset add p 10.0.0.8/31,udp:5
ipset add p 10.0.0.1,65536
ipset add p 10.0.0.1,foo
ipset add p 10.0.0.1,,80
ipset add p 10.0.0.1,80,1.1.1.1
ipset add p 0.0.0.0,80
ipset list p
ipset test p 10.0.0.1,80
ipset test p 10.0.0.1,tcp:80
ipset test p 10.0.0.1,udp:80
ipset test p 10.0.0.1,icmp:echo
ipset test p 10.0.0.2,80-81
ipset test p 10.0.0.3/31,22
ipset del p 10.0.0.2,80-82
ipset list p
ipset create np hash:net,port
ipset add np 10.0.0.0/24,80
ipset add np 10.0.0.0/24,udp:80 nomatch
ipset add np 10.0.1.0-10.0.1.3,tcp:22-23
ipset add np 10.0.2.0/16,icmp:0/0
ipset list np
ipset test np 10.0.0.5,80
ipset test np 10.0.0.5,udp:80
ipset test np 10.0.0.5,udp:80 nomatch
ipset test np 10.0.1.2,tcp:23
ipset test np 10.0.1.0/30,tcp:23
ipset test np 10.0.1.0-10.0.1.3,tcp:23
ipset create ipi hash:ip,port,ip
ipset add ipi 10.0.0.1,80,10.0.0.2
ipset add ipi 10.0.0.1,80,10.0.0.0/24
ipset add ipi 10.0.0.1,80,10.0.0.2/32
ipset add ipi 10.0.0.1,80
ipset add ipi 10.0.0.1-10.0.0.2,udp:53,1.1.1.1
ipset add ipi 0.0.0.0,80,1.1.1.1
ipset add ipi 1.1.1.1,80,0.0.0.0
ipset add ipi 10.0.0.1,80,10.0.0.2,4
ipset list ipi
ipset test ipi 1.1.1.1,80,0.0.0.0
ipset test ipi 10.0.0.2,udp:53,1.1.1.1
