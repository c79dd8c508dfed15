# Issue 7 part A: the matches real hosts use. Each group adds rules, lists them
# (-S, -L, -L -n) and flushes; refusals come from libxt_* parsers and kernel checks.
# Left out: -m ipvs (the capture host lacks xt_ipvs, so even its parse errors come with a
# warning), -m rateest without a RATEEST estimator (nfsim does not check that estimators
# exist), and names that need DNS.
# -m recent
iptables -A INPUT -m recent --set
iptables -A INPUT -m recent ! --rcheck --seconds 60 --hitcount 3 --rttl --name SSH --rdest --mask 255.255.255.0
iptables -A INPUT -m recent --update --seconds 4294967295 --reap --name x
iptables -A INPUT -m recent --remove --name foo --mask 10.0.0.0
iptables -A INPUT -m recent --rcheck --hitcount 255
iptables -A INPUT -m recent --rcheck --hitcount 256
iptables -A INPUT -m recent --set --seconds 5
iptables -A INPUT -m recent --set --hitcount 5
iptables -A INPUT -m recent --set --rttl
iptables -A INPUT -m recent --rcheck --reap
iptables -A INPUT -m recent --rcheck --set
iptables -A INPUT -m recent --rcheck --rcheck
iptables -A INPUT -m recent --rcheck --seconds 0
iptables -A INPUT -m recent --rcheck --name ""
iptables -A INPUT -m recent --rcheck --name a/b
iptables -A INPUT -m recent --rcheck --name ..
iptables -A INPUT -m recent --rcheck --mask 1.2.3.4/8
iptables -A INPUT -m recent --rcheck --mask 10.256
iptables -A INPUT -m recent --seconds 5
iptables -A INPUT -m recent --rcheck --rsource --rdest
iptables -A INPUT -m recent --rdest --rsource --update
iptables -A INPUT -m recent ! --set ! --rcheck
iptables -A INPUT -m recent --rcheck --seconds 3000000000 --hitcount 4294967295
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F
# -m hashlimit
iptables -A INPUT -m hashlimit --hashlimit-upto 1/min --hashlimit-name r1 --hashlimit-rate-match
iptables -A INPUT -m hashlimit --hashlimit-upto 5/hour --hashlimit-burst 3 --hashlimit-mode srcip,dstport --hashlimit-srcmask 24 --hashlimit-name r2
iptables -A INPUT -m hashlimit --hashlimit-above 100kb/s --hashlimit-name r3
iptables -A INPUT -m hashlimit --hashlimit-upto 1kb/s --hashlimit-burst 10kb --hashlimit-name r4
iptables -A INPUT -m hashlimit --hashlimit 7/s --hashlimit-name r5 --hashlimit-htable-size 2000000
iptables -A INPUT -m hashlimit --hashlimit-upto 1/day --hashlimit-burst 1000000 --hashlimit-name r6
iptables -A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5x --hashlimit-name r7
iptables -A INPUT -m hashlimit ! --hashlimit-upto 2/s --hashlimit-name r8 --hashlimit-dstmask 255.255.0.255
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name r9 --hashlimit-mode none
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name abcdefghijklmnopqrstu
iptables -A INPUT -m hashlimit --hashlimit-upto 0/s --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 1/secx --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 2000000/s --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-burst 2000000 --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name x --hashlimit-srcmask 33
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name x --hashlimit-srcmask foo
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name x --hashlimit-rate-interval 0
iptables -A INPUT -m hashlimit --hashlimit-upto 96b/s --hashlimit-burst 5 --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 40mb/s --hashlimit-name rate5 --hashlimit-rate-match --hashlimit-burst 2mb
iptables -A INPUT -m hashlimit --hashlimit-upto 40mb/s --hashlimit-name rate5 --hashlimit-rate-match --hashlimit-burst 200mb
iptables -A INPUT -m hashlimit --hashlimit-upto 3/min --hashlimit-name rate6 --hashlimit-rate-match --hashlimit-rate-interval 5 --hashlimit-htable-expire 100 --hashlimit-htable-gcinterval 100
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name x --hashlimit-htable-expire 0
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name .
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name a/b
iptables -A INPUT -m hashlimit --hashlimit-upto 2/s --hashlimit-name ""
iptables -A INPUT -m hashlimit --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 1/s
iptables -A INPUT -m hashlimit --hashlimit-upto 1/s --hashlimit-above 2/s --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 1/s --hashlimit-upto 2/s --hashlimit-name x
iptables -A INPUT -m hashlimit --hashlimit-upto 1/h --hashlimit-name x --hashlimit-htable-max 10 --hashlimit-htable-gcinterval 5
iptables -A INPUT -m hashlimit --hashlimit-upto 3/d --hashlimit-name y --hashlimit-burst 0
iptables -A INPUT -m hashlimit --hashlimit-upto 333/m --hashlimit-name y --hashlimit-burst 7
iptables -A INPUT -m hashlimit --hashlimit-above 7mb/s --hashlimit-burst 100mb --hashlimit-name z --hashlimit-rate-match --hashlimit-rate-interval 3
iptables -A INPUT -m hashlimit --hashlimit-upto 123456b/s --hashlimit-burst 1mb --hashlimit-name mini7
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F
# -m connmark, connbytes, connlimit, helper, quota, cpu, connlabel, nfacct, realm, devgroup
iptables -A INPUT -m connmark --mark 0x10/0xff
iptables -A INPUT -m connmark ! --mark 7
iptables -A INPUT -m connmark --mark 1/2/3
iptables -A INPUT -m connmark --mark 0x1ffffffff
iptables -A INPUT -m connmark --mark abc
iptables -A INPUT -m connbytes --connbytes 10:20 --connbytes-dir both --connbytes-mode bytes
iptables -A INPUT -m connbytes ! --connbytes 10 --connbytes-dir reply --connbytes-mode avgpkt
iptables -A INPUT -m connbytes ! --connbytes 10:18446744073709551615 --connbytes-dir reply --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 0:0 --connbytes-dir reply --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 5:3 --connbytes-dir reply --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 1:2:3 --connbytes-dir reply --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 1x --connbytes-dir reply --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 1 --connbytes-dir sideways --connbytes-mode packets
iptables -A INPUT -m connbytes --connbytes 1 --connbytes-dir both --connbytes-mode Bytes
iptables -A INPUT -m connbytes --connbytes 0x10:0x20 --connbytes-dir original --connbytes-mode packets
iptables -A INPUT -m connlimit --connlimit-above 5
iptables -A INPUT -m connlimit ! --connlimit-above 5 --connlimit-mask 24 --connlimit-daddr
iptables -A INPUT -m connlimit ! --connlimit-upto 5 --connlimit-mask 255.255.0.0
iptables -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 255.0.255.0
iptables -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 33
iptables -A INPUT -m connlimit --connlimit-upto 5 --connlimit-above 6
iptables -A INPUT -m connlimit --connlimit-mask 8
iptables -A INPUT -m helper --helper ftp
iptables -A INPUT -m helper ! --helper "irc 2"
iptables -A INPUT -m helper --helper ""
iptables -A INPUT -m helper --helper abcdefghijklmnopqrstuvwxyz0123456789
iptables -A INPUT -m quota --quota 1000
iptables -A INPUT -m quota ! --quota 0x10
iptables -A INPUT -m quota --quota -1
iptables -A INPUT -m cpu --cpu 3
iptables -A INPUT -m cpu ! --cpu 0
iptables -A INPUT -m cpu --cpu -1
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -m connlabel --label 1
iptables -A INPUT -m connlabel ! --label 0x10 --set
iptables -A INPUT -m connlabel --label 127
iptables -A INPUT -m connlabel --label 128
iptables -A INPUT -m connlabel --label 65537
iptables -A INPUT -m connlabel --label foo
iptables -A INPUT -m connlabel --label -1
iptables -A INPUT -m connlabel --label ""
iptables -A INPUT -m connlabel --set
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables-save -t filter
iptables -F INPUT
iptables -A INPUT -m nfacct --nfacct-name foo
iptables -A INPUT -m nfacct --nfacct-name ""
iptables -A INPUT -m realm --realm 5
iptables -A INPUT -m realm ! --realm 0
iptables -A INPUT -m realm --realm cosmos
iptables -A INPUT -m realm --realm 0x10/0xf0
iptables -A INPUT -m realm --realm foo
iptables -A INPUT -m realm --realm 1/foo
iptables -A PREROUTING -t mangle -m realm --realm 1
iptables -A INPUT -m devgroup --src-group 5
iptables -A INPUT -m devgroup ! --src-group default
iptables -A INPUT -m devgroup --src-group 1/0xf
iptables -A INPUT -m devgroup --dst-group 1
iptables -A FORWARD -m devgroup --dst-group 1 ! --src-group 0x2/0x3
iptables -A OUTPUT -m devgroup --src-group 1
iptables -A INPUT -m devgroup --src-group bogus
iptables -A INPUT -m devgroup
iptables -N CH
iptables -A CH -m devgroup --dst-group 1
iptables -S
iptables -L -n
iptables -L
iptables -F
iptables -X
# -m owner, physdev, socket, cgroup, rpfilter
iptables -A OUTPUT -m owner --uid-owner root
iptables -A OUTPUT -m owner ! --uid-owner 1000-2000 --gid-owner nogroup --suppl-groups
iptables -A OUTPUT -m owner --socket-exists
iptables -A OUTPUT -m owner ! --socket-exists --gid-owner 33
iptables -A OUTPUT -m owner --uid-owner 4294967295
iptables -A OUTPUT -m owner --uid-owner 4294967294
iptables -A OUTPUT -m owner --uid-owner 5:3
iptables -A OUTPUT -m owner --uid-owner 5-
iptables -A OUTPUT -m owner --uid-owner nosuchuser
iptables -A OUTPUT -m owner --gid-owner daemon
iptables -A OUTPUT -m owner --uid-owner www-data
iptables -A OUTPUT -m owner
iptables -A OUTPUT -m owner --suppl-groups
iptables -A INPUT -m owner --uid-owner 0
iptables -A FORWARD -m owner --uid-owner 0
iptables -N OWN
iptables -A OWN -m owner --uid-owner 0
iptables -A INPUT -j OWN
iptables -A OUTPUT -j OWN
iptables -t mangle -A POSTROUTING -m owner --uid-owner 0
iptables -S
iptables -L OUTPUT
iptables -L OUTPUT -n
iptables -F
iptables -X
iptables -A INPUT -m physdev --physdev-in eth0
iptables -A INPUT -m physdev ! --physdev-in veth+ --physdev-is-in
iptables -A FORWARD -m physdev --physdev-out eth1 --physdev-is-bridged
iptables -A FORWARD -m physdev --physdev-out eth1
iptables -A FORWARD -m physdev ! --physdev-is-out ! --physdev-is-bridged
iptables -A OUTPUT -m physdev --physdev-is-out --physdev-is-bridged
iptables -A INPUT -m physdev --physdev-is-out
iptables -A INPUT -m physdev --physdev-in abcdefghijklmnop
iptables -A INPUT -m physdev --physdev-in abcdefghijklmno
iptables -A INPUT -m physdev --physdev-in a/b
iptables -A INPUT -m physdev
iptables -A INPUT -m physdev --physdev-in a --physdev-in b
iptables -S
iptables -L -n
iptables -F
iptables -A INPUT -m socket
iptables -A INPUT -m socket --transparent --restore-skmark
iptables -A OUTPUT -m socket
iptables -t mangle -A PREROUTING -m socket --nowildcard
iptables -A INPUT -m socket --transparent --transparent
iptables -A OUTPUT -m cgroup --cgroup 1
iptables -A OUTPUT -m cgroup ! --path "/sys fs"
iptables -A INPUT -m cgroup --path /
iptables -A FORWARD -m cgroup --path /
iptables -A OUTPUT -m cgroup
iptables -A OUTPUT -m cgroup --cgroup 2 --path /
iptables -t mangle -A PREROUTING -m rpfilter
iptables -t mangle -A PREROUTING -m rpfilter --invert --loose
iptables -t raw -A PREROUTING -m rpfilter --accept-local --validmark
iptables -A INPUT -m rpfilter
iptables -t mangle -A INPUT -m rpfilter
iptables -t mangle -A PREROUTING -m rpfilter ! --loose
iptables -S
iptables -L
iptables -L -n
iptables -t mangle -S
iptables -t mangle -L
iptables -t raw -L -n
iptables -F
iptables -t mangle -F
iptables -t raw -F
# -m string, u32
iptables -A INPUT -m string --string "" --algo bm
iptables -A INPUT -m string --string "abc" --algo fsm
iptables -A INPUT -m string --string "abcd" --algo fsm
iptables -A INPUT -m string --string "abc" --algo wrong
iptables -A INPUT -m string --string "abc" --algo bm --from 10 --to 5
iptables -A INPUT -m string --string "a\"b\\c d" --algo kmp --icase --from 3 --to 100
iptables -A INPUT -m string --hex-string "|00 01|ab|ff|" --algo bm
iptables -A INPUT -m string --hex-string "|00||01|" --algo bm
iptables -A INPUT -m string --hex-string "|0|" --algo bm
iptables -A INPUT -m string --hex-string "|0g|" --algo bm
iptables -A INPUT -m string --hex-string "|00" --algo bm
iptables -A INPUT -m string --hex-string "a\\" --algo bm
iptables -A INPUT -m string --hex-string "|0\\1|" --algo bm
iptables -A INPUT -m string --hex-string "" --algo bm
iptables -A INPUT -m string --string "ab\\" --algo bm
iptables -A INPUT -m string --string "éa" --algo bm
iptables -A INPUT -m string --algo bmxxxxxxxxxxxxxxxxxxx --string a
iptables -A INPUT -m string ! --hex-string "a\\|b" --algo bm
iptables -A INPUT -m string --string a --hex-string b --algo bm
iptables -A INPUT -m string --string a
iptables -A INPUT -m string --algo bm
iptables -A INPUT -m string --string a --algo bm --to 70000
iptables -A INPUT -m string --string a --algo bm --icase --icase
iptables -A INPUT -m u32 --u32 "0x0=0x0&&0x0=0x1"
iptables -A INPUT -m u32 ! --u32 "0 >> 22 & 0x3C @ 12 >> 26 & 0x3C @ 0 = 0x474554 , 1:0x10 "
iptables -A INPUT -m u32 --u32 "6&0xFF=1&&4&0x3FFF=0&&0>>22&0x3C@0>>24=0"
iptables -A INPUT -m u32 --u32 "0<<4=1:2"
iptables -A INPUT -m u32 --u32 "0<4=1"
iptables -A INPUT -m u32 --u32 "0"
iptables -A INPUT -m u32 --u32 "0="
iptables -A INPUT -m u32 --u32 "=1"
iptables -A INPUT -m u32 --u32 "0=1&2=3"
iptables -A INPUT -m u32 --u32 "0=1&&"
iptables -A INPUT -m u32 --u32 "0x=1"
iptables -A INPUT -m u32 --u32 "0=1;"
iptables -A INPUT -m u32 --u32 "0=4294967296"
iptables -A INPUT -m u32 --u32 "0&1&2&3&4&5&6&7&8&9=1"
iptables -A INPUT -m u32 --u32 "0&1&2&3&4&5&6&7&8&9&10=1"
iptables -A INPUT -m u32 --u32 "0=1,2,3,4,5,6,7,8,9,10"
iptables -A INPUT -m u32 --u32 "0=1,2,3,4,5,6,7,8,9,10,11"
iptables -A INPUT -m u32 --u32 "0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1"
iptables -A INPUT -m u32 --u32 "0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1"
iptables -A INPUT -m u32 --u32 "0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1&&0=1"
iptables -A INPUT -m u32 --u32 "0 = -1"
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F
# -m time
iptables -A INPUT -m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz
iptables -A INPUT -m time --timestart 01:02 --datestart 2001 --datestop 2038-12-31
iptables -A INPUT -m time ! --monthdays 31,22,13,1 ! --weekdays 1,Tu,7 --utc
iptables -A INPUT -m time --timestart 22:00 --timestop 06:00 --contiguous
iptables -A INPUT -m time --timestart 06:00 --timestop 22:00 --contiguous
iptables -A INPUT -m time --timestart 24:00
iptables -A INPUT -m time --timestart 12:60
iptables -A INPUT -m time --timestart 12:30:60
iptables -A INPUT -m time --timestart 12
iptables -A INPUT -m time --timestart 12:30:xx
iptables -A INPUT -m time --datestart 1969
iptables -A INPUT -m time --datestart 2039
iptables -A INPUT -m time --datestart 2001-13
iptables -A INPUT -m time --datestart 2001-01-32
iptables -A INPUT -m time --datestart 2001-00-00
iptables -A INPUT -m time --datestart 2001-02-30T10:61
iptables -A INPUT -m time --datestart 2001-02-03T04:05:06x
iptables -A INPUT -m time --datestart 2001/02
iptables -A INPUT -m time --weekdays 0
iptables -A INPUT -m time --weekdays Xy
iptables -A INPUT -m time --weekdays Monday,tuesday
iptables -A INPUT -m time --weekdays Mon,,Tue
iptables -A INPUT -m time --weekdays 9
iptables -A INPUT -m time --monthdays 32
iptables -A INPUT -m time --monthdays 123
iptables -A INPUT -m time --monthdays 0,1,
iptables -A INPUT -m time --monthdays 1x
iptables -A INPUT -m time --utc --kerneltz
iptables -A INPUT -m time --localtz
iptables -A INPUT -m time --localtz --utc
iptables -A INPUT -m time
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F
# -m bpf, osf, cluster, policy
iptables -A INPUT -m bpf --bytecode "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0"
iptables -A INPUT -m bpf --bytecode "1,6 0 0 65535"
iptables -A INPUT -m bpf --bytecode "2,48 0 0 9,21 0 1 6"
iptables -A INPUT -m bpf --bytecode "1,7 0 0 0"
iptables -A INPUT -m bpf --bytecode "2,96 0 0 3,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "3,2 0 0 3,96 0 0 3,22 0 0 1"
iptables -A INPUT -m bpf --bytecode "2,52 0 0 0,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "3,21 5 0 1,6 0 0 1,6 0 0 0"
iptables -A INPUT -m bpf --bytecode "2,32 0 0 4294963200,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "2,32 0 0 4294963204,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "0,"
iptables -A INPUT -m bpf --bytecode "65,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "2,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "1,6 0 0 1,6 0 0 1"
iptables -A INPUT -m bpf --bytecode "1,x"
iptables -A INPUT -m bpf --bytecode "1 6 0 0 1"
iptables -A INPUT -m bpf --bytecode "1,6 0 0 1,"
iptables -A INPUT -m bpf --bytecode "1, 6 0 0 -1"
iptables -A INPUT -m bpf --object-pinned /sys/fs/bpf/x
iptables -A INPUT -m bpf
iptables -A INPUT -p tcp -m osf --genre Linux --ttl 2 --log 1
iptables -A INPUT -p tcp -m osf ! --genre Windows
iptables -A INPUT -m osf --genre Linux
iptables -A OUTPUT -p tcp -m osf --genre Linux
iptables -A INPUT ! -p tcp -m osf --genre Linux
iptables -A INPUT -p tcp -m osf --genre Linux --ttl 3
iptables -A INPUT -p tcp -m osf --ttl 1
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 2 --cluster-local-node 1 --cluster-hash-seed 0xdeadbeef
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 32 ! --cluster-local-nodemask 7 --cluster-hash-seed 1
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 3 --cluster-local-nodemask 8 --cluster-hash-seed 1
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 3 --cluster-local-node 4 --cluster-hash-seed 1
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 33 --cluster-local-node 4 --cluster-hash-seed 1
iptables -t mangle -A PREROUTING -m cluster --cluster-total-nodes 2 --cluster-hash-seed 1
iptables -t mangle -A PREROUTING -m cluster --cluster-local-node 1 --cluster-local-nodemask 1 --cluster-total-nodes 2 --cluster-hash-seed 1
iptables -A INPUT -m cluster --cluster-total-nodes 2 --cluster-local-node 1 --cluster-hash-seed 2
iptables -t mangle -S
iptables -t mangle -L
iptables -L INPUT
iptables -F
iptables -A INPUT -m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x1 --proto esp --mode tunnel --tunnel-dst 10.0.0.0/8 --tunnel-src 10.0.0.1/255.0.0.0 --next --reqid 2 ! --proto ah
iptables -A INPUT -m policy --dir in --pol none
iptables -A INPUT -m policy --dir out --pol none
iptables -A OUTPUT -m policy --dir out --pol ipsec ! --mode transport --tunnel-dst 1.2.3.4
iptables -A OUTPUT -m policy --dir in --pol ipsec
iptables -A FORWARD -m policy --dir in --pol ipsec --proto ipcomp
iptables -A FORWARD -m policy --dir in --pol ipsec --proto 108 --next
iptables -A FORWARD -m policy --dir in --pol ipsec --strict --proto 108 --next
iptables -A FORWARD -m policy --dir in --pol ipsec --strict --next
iptables -A FORWARD -m policy --dir in --pol ipsec --proto tcp
iptables -A FORWARD -m policy --dir in --pol ipsec --proto foo
iptables -A FORWARD -m policy --dir in --pol ipsec --reqid 1 --reqid 2
iptables -A FORWARD -m policy --dir in --pol ipsec --mode foo
iptables -A FORWARD -m policy --dir in --pol ipsec --mode foo --mode bar
iptables -A FORWARD -m policy --dir sideways
iptables -A FORWARD -m policy --pol maybe --dir in
iptables -A FORWARD -m policy --pol ipsec
iptables -A FORWARD -m policy --dir in --pol none --strict
iptables -A FORWARD -m policy --dir in --pol none --next
iptables -A FORWARD -m policy --dir in --pol none --reqid 5
iptables -A FORWARD -m policy --dir in --pol ipsec --strict --reqid 1 --next --reqid 2 --next --reqid 3 --next --reqid 4
iptables -A FORWARD -m policy --dir in --pol ipsec --strict --reqid 1 --next --reqid 2 --next --reqid 3 --next --reqid 4 --next --reqid 5
iptables -A FORWARD -m policy --dir in --dir out
iptables -A FORWARD -m policy --dir in ! --spi 99999999999
iptables -S
iptables -L
iptables -L -n
iptables -F
# -m rateest, with its estimators
iptables -I INPUT -j RATEEST --rateest-name RE1 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms
iptables -I INPUT -j RATEEST --rateest-name RE2 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms
iptables -A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-bps 8bit
iptables -A INPUT -m rateest --rateest-delta --rateest1 RE1 --rateest-pps1 0 --rateest-lt --rateest-pps2 42 --rateest2 RE2
iptables -A INPUT -m rateest --rateest RE1 ! --rateest-gt --rateest-bps 125mbit
iptables -A INPUT -m rateest --rateest1 RE1 --rateest-bps --rateest-eq --rateest2 RE2
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -A INPUT -m rateest --rateest RE1 --rateest-bps 8xbit --rateest-eq
iptables -A INPUT -m rateest --rateest RE1 --rateest-pps x --rateest-eq
iptables -A INPUT -m rateest ! --rateest RE1 --rateest-pps 1 --rateest-eq
iptables -A INPUT -m rateest --rateest RE1 --rateest RE2
iptables -A INPUT -m rateest --rateest RE1 --rateest-lt --rateest-lt
iptables -A INPUT -m rateest --rateest RE1 ! --rateest-delta
iptables -A INPUT -m rateest --rateest RE1 --rateest-pps 1 --rateest-pps 2
iptables -A INPUT -m rateest --rateest RE1 --rateest-lt
iptables -A INPUT -m rateest --rateest RE1 --rateest-bps 1Mibit --rateest-eq
iptables -A INPUT -m rateest --rateest RE1 --rateest-bps 8000000001bit --rateest-eq
iptables -S INPUT
iptables -L INPUT
