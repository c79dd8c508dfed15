# bitmap:port and list:set: ranges, protocols, order of a list, before/after, references.
ipset create bp bitmap:port range 1000-2000 counters comment
ipset add bp 1500 comment x
ipset add bp 1500
ipset add bp 999
ipset add bp tcp:1600
ipset add bp udp:1601
ipset add bp sctp:1602
ipset add bp 1700-1702
ipset add bp 1990-2005
ipset add bp http
ipset list bp
ipset save bp
ipset test bp 1701
ipset test bp 1703
ipset test bp 1701-1702
ipset del bp 1700-1701
ipset create bp3 bitmap:port
ipset create bp4 bitmap:port range 0-65535
ipset create bp5 bitmap:port range 2000-1000
ipset create bp6 bitmap:port range 80
ipset create bp7 bitmap:port from 10 to 20
ipset list bp5
ipset list bp7
ipset create n hash:net
ipset create ipi hash:ip,port,ip
ipset create l list:set
ipset add l n
ipset add l ipi
ipset add l bp before ipi
ipset add l bp4 after n
ipset add l nosuch
ipset add l l
ipset add l n
ipset add l bp5 before nosuch
ipset add l bp5 after bp7
ipset list l
ipset list
ipset test l bp before ipi
ipset test l bp after ipi
ipset test l bp after bp4
ipset test l bp
ipset test l bp7
ipset del l bp before n
ipset del l bp7
ipset del l bp after bp4
ipset -t list l
ipset destroy n
ipset destroy
ipset create l2 list:set size 2 timeout 60
ipset add l2 n timeout 0
ipset add l2 ipi
ipset add l2 bp5
ipset list l2
ipset create l3 list:set size 100 counters
ipset list l3
ipset flush l
ipset destroy l
ipset destroy l2
ipset destroy n
ipset list -n
