# Whole-set commands: rename, swap, flush, destroy, -exist create, list order and index
# reuse, output modes, command line errors.
ipset create a hash:ip
ipset create b hash:net
ipset create c hash:ip
ipset add a 1.1.1.1
ipset add c 2.2.2.2
ipset rename a x
ipset rename x b
ipset rename nosuch y
ipset swap x b
ipset swap x c
ipset list x
ipset list c
ipset swap x nosuch
ipset swap nosuch x
ipset create x hash:ip
ipset -exist create x hash:ip
ipset -exist create x hash:ip maxelem 10
ipset -exist create x hash:net
ipset create a2 hash:ip hashsize 100 maxelem 10
ipset create b2 hash:ip hashsize 3000
ipset create c2 hash:ip hashsize 0
ipset create d2 hash:ip maxelem 0
ipset create e2 hash:ip timeout 2147483
ipset create f2 hash:ip timeout 2147484
ipset create i2 hash:ip family inet family inet
ipset create i3 hash:ip -4
ipset create j2 hash:ip foo
ipset create k2 hash:ip timeout
ipset create l2 hash:ip bucketsize 2
ipset create l3 hash:ip bucketsize 200
ipset create l4 hash:ip bucketsize 7
ipset create l5 hash:ip initval 0x12345678
ipset create m2 hash:ip forceadd skbinfo
ipset create n2 hash:ip netmask 0
ipset create o2 hash:ip netmask 33
ipset create o3 hash:ip netmask x
ipset create p2 hash:nett
ipset create q2 iphash
ipset create r2 hash:ip probes 4
ipset create s2 hash:net netmask 24
ipset create thisisaverylongsetnamethatislong hash:ip
ipset create thisisaverylongsetnamethatislo hash:ip
ipset create u2 hash:net family foo
ipset -t list
ipset destroy b
ipset destroy c2
ipset create zz hash:ip
ipset create zy list:set
ipset create zx hash:ip
ipset -n list
ipset flush nosuch
ipset destroy nosuch
ipset flush
ipset list x
ipset
ipset foo
ipset create
ipset create a
ipset add
ipset add x
ipset list x y
ipset -o foo list
ipset -o
ipset -v
ipset -V
ipset n t1 hash:ip
ipset l t1
ipset -L t1
ipset --list t1
ipset x t1
ipset list -name
ipset --list --name
ipset -n -t list
ipset -o xml list x
ipset -o xml -t list
ipset -o xml -n list
ipset -n save
ipset -t save
ipset -o plain -n save
ipset destroy
ipset list
