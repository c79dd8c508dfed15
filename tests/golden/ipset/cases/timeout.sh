# Element timeouts running down on the clock, expiring, and being refreshed with -exist.
# A bitmap set's "Number of entries" counts an expired element until the set's garbage
# collector (every second here) removes it, so v is listed well after its element expired.
ipset create t hash:ip timeout 3
ipset create u hash:net,port timeout 100 counters
ipset create v bitmap:port range 1-100 timeout 4
ipset create w list:set timeout 3
ipset add t 10.0.0.1
ipset add t 10.0.0.2 timeout 10
ipset add t 10.0.0.3 timeout 0
ipset add u 10.0.0.0/24,80 timeout 2
ipset add u 10.0.1.0/24,80
ipset add v 10
ipset add w t
ipset add w u timeout 0
ipset list t
ipset list w
sleep 2
ipset list t
ipset -exist add t 10.0.0.1
ipset list t
ipset list u
ipset test t 10.0.0.1
sleep 2
ipset list t
ipset list u
ipset list w
ipset test u 10.0.0.9,80
ipset add u 10.0.0.0/24,80
ipset del t 10.0.0.1
ipset list t
ipset save
sleep 2
ipset list v
