# Issue 7 part B: header matches (ecn, dscp, tos, tcpmss, sctp, dccp, esp, ah, ipcomp) and
# the targets NFQUEUE, NFLOG, TCPMSS, TOS, DSCP, TTL, ECN, CLASSIFY, CHECKSUM, SYNPROXY, AUDIT,
# CONNSECMARK, SECMARK, HMARK, IDLETIMER, TEE, TPROXY, TCPOPTSTRIP, RATEEST: save, -L, -L -n,
# option errors and the kernel's refusals. (LED is left out: this machine's kernel lacks it.)
iptables -A INPUT -p tcp -m ecn --ecn-tcp-cwr
iptables -A INPUT -p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2
iptables -A INPUT -m ecn --ecn-ip-ect 0
iptables -A INPUT -m ecn --ecn-tcp-cwr
iptables -A INPUT -p tcp -m ecn
iptables -A INPUT -p tcp -m ecn --ecn-ip-ect 4
iptables -A INPUT -m dscp --dscp 12
iptables -A INPUT -m dscp ! --dscp-class af41x
iptables -A INPUT -m dscp --dscp-class FOO
iptables -A INPUT -m dscp --dscp-class CS0 --dscp 1
iptables -A INPUT -m dscp
iptables -A INPUT -m tos --tos Minimize-Delay
iptables -A INPUT -m tos ! --tos 0xff
iptables -A INPUT -m tos --tos 0x0f/0x0f
iptables -A INPUT -m tos --tos 0x1ff
iptables -A INPUT -m tos --tos 0x1/0x1ff
iptables -A INPUT -m tos --tos 1x
iptables -A INPUT -m tos
iptables -A INPUT -p tcp -m tcpmss --mss 42
iptables -A INPUT -p tcp -m tcpmss ! --mss 42:1000
iptables -A INPUT -p tcp -m tcpmss --mss :
iptables -A INPUT -m tcpmss --mss 42
iptables -A INPUT -p tcp -m tcpmss --mss 65535:1000
iptables -A INPUT -p tcp -m tcpmss --mss 4x
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -p sctp -m sctp --sport 1 --dport 2:3
iptables -A INPUT -p sctp -m sctp ! --sport 1:65535 ! --dport 80
iptables -A INPUT -p sctp -m sctp --sport :
iptables -A INPUT -p sctp -m sctp --chunk-types any DATA,INIT,I_DATA
iptables -A INPUT -p sctp -m sctp ! --chunk-types only DATA:Be,ABORT:T,SHUTDOWN_COMPLETE:t
iptables -A INPUT -p sctp -m sctp --chunk-types all ALL
iptables -A INPUT -p sctp -m sctp --chunk-types any NONE
iptables -A INPUT -p sctp -m sctp --chunk-types all ASCONF,ASCONF_ACK,FORWARD_TSN,I_FORWARD_TSN,RE_CONFIG,PAD
iptables -A INPUT -m sctp --sport 1
iptables -A INPUT -p sctp -m sctp --sport 4:3
iptables -A INPUT -p sctp -m sctp --sport 1 --sport 2
iptables -A INPUT -p sctp -m sctp --chunk-types foo DATA
iptables -A INPUT -p sctp -m sctp --chunk-types all INIT:X
iptables -A INPUT -p sctp -m sctp --chunk-types all
iptables -A INPUT -p dccp -m dccp
iptables -A INPUT -p dccp -m dccp --sport 1:1023 ! --dport 80
iptables -A INPUT -p dccp -m dccp ! --dccp-types sync,request
iptables -A INPUT -p dccp -m dccp --dccp-types INVALID,REQUEST
iptables -A INPUT -p dccp -m dccp ! --dccp-option 3 --sport ssh
iptables -A INPUT -p dccp -m dccp --sport 4:3
iptables -A INPUT -p dccp -m dccp --dccp-types ,
iptables -A INPUT -p dccp -m dccp --dccp-option 0
iptables -A INPUT -p dccp -m dccp --dccp-types FOO
iptables -A INPUT -p dccp -m dccp --sport 1 --source-port 2
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -p esp -m esp --espspi 1
iptables -A INPUT -p esp -m esp ! --espspi :
iptables -A INPUT -p esp -m esp --espspi 4:3
iptables -A INPUT -p esp -m esp
iptables -A INPUT -m esp --espspi 1
iptables -A INPUT -p esp -m esp --espspi 0:invalid
iptables -A INPUT -p ah -m ah ! --ahspi 1:5
iptables -A INPUT -p ah -m ah
iptables -A INPUT -p ah -m ah --ahspi -1
iptables -A INPUT -p ipcomp -m ipcomp
iptables -A INPUT -p ipcomp -m ipcomp ! --ipcompspi 1:5 --compres
iptables -A INPUT -p ipcomp -m ipcomp ! --ipcompspi :
iptables -A INPUT ! -p ipcomp -m ipcomp --ipcompspi 1
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -j NFQUEUE
iptables -A INPUT -j NFQUEUE --queue-balance 4:
iptables -A INPUT -j NFQUEUE --queue-num 10 --queue-bypass
iptables -A INPUT -j NFQUEUE --queue-bypass --queue-balance 0:6 --queue-cpu-fanout
iptables -A INPUT -j NFQUEUE --queue-balance :
iptables -A INPUT -j NFQUEUE --queue-balance 4
iptables -A INPUT -j NFQUEUE --queue-balance 4:4
iptables -A INPUT -j NFQUEUE --queue-cpu-fanout
iptables -A INPUT -j NFQUEUE --queue-num 3 --queue-balance 1:2
iptables -A INPUT -j NFQUEUE --queue-num 65536
iptables -A INPUT -j NFLOG
iptables -A INPUT -j NFLOG --nflog-group 65535 --nflog-prefix "hello world" --nflog-size 100 --nflog-threshold 5
iptables -A INPUT -j NFLOG --nflog-range 5
iptables -A INPUT -j NFLOG --nflog-range 5 --nflog-size 4
iptables -A INPUT -j NFLOG --nflog-threshold 1
iptables -A INPUT -j NFLOG --nflog-prefix 'a"b'
iptables -A INPUT -j NFLOG --nflog-prefix yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
iptables -A INPUT -j NFLOG --nflog-prefix ""
iptables -C INPUT -j NFLOG
iptables -C INPUT -j NFLOG --nflog-threshold 0
iptables -A INPUT -j AUDIT --type DROP
iptables -A INPUT -j AUDIT --type wrong
iptables -A INPUT -j TEE --gateway 1.1.1.1
iptables -A INPUT -j TEE --gateway 127.0.0.1 --oif 0123456789abcdef
iptables -A INPUT -j TEE ! --gateway 1.1.1.1
iptables -A INPUT -j TEE --gateway 1.2.3.0/24
iptables -A INPUT -j TEE --gateway 0.0.0.0
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -j HMARK --hmark-src-prefix 32 --hmark-dst-prefix 32 --hmark-sport-mask 0xffff --hmark-dport-mask 0xffff --hmark-proto-mask 0xffff --hmark-rnd 0x00000004 --hmark-mod 42 --hmark-offset 1 --hmark-tuple ct
iptables -A INPUT -j HMARK --hmark-tuple src,dst,sport,dport,proto --hmark-mod 10 --hmark-rnd 0xfeedcafe --hmark-offset 100
iptables -A INPUT -j HMARK --hmark-tuple spi,Sr --hmark-mod 10 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-src-prefix 16 --hmark-tuple src,sport --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-mod 1 --hmark-rnd 1 --hmark-src-prefix 255.0.255.0 --hmark-dst-prefix 33
iptables -A INPUT -j HMARK --hmark-tuple src --hmark-spi 5 --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j HMARK
iptables -A INPUT -j HMARK --hmark-tuple src,, --hmark-mod 10 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-tuple src, --hmark-mod 10 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-tuple src --hmark-src-prefix 16 --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-tuple spi,sport --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j HMARK --hmark-tuple src --hmark-spi 1 --hmark-sport 2 --hmark-mod 1 --hmark-rnd 1
iptables -A INPUT -j IDLETIMER --timeout 42 --label foo
iptables -A INPUT -j IDLETIMER --timeout 42 --label bar --alarm
iptables -A INPUT -j IDLETIMER --timeout 5 --label 0123456789012345678901234567890
iptables -A INPUT -j IDLETIMER --timeout 42
iptables -A INPUT -j IDLETIMER --timeout 2147483 --label t1
iptables -A INPUT -j IDLETIMER --timeout 5 --label a/b
iptables -A INPUT -j IDLETIMER --timeout 5 --label power
iptables -A INPUT -j RATEEST --rateest-name RE1 --rateest-interval 250.0ms --rateest-ewmalog 500.0ms
iptables -A INPUT -j RATEEST --rateest-name RE11 --rateest-interval 100000 --rateest-ewmalog 1000000
iptables -A INPUT -j RATEEST --rateest-name 0123456789012345 --rateest-interval 2s --rateest-ewmalog 10000s
iptables -A INPUT -j RATEEST --rateest-name RE5 --rateest-interval 9s --rateest-ewmalog 64s
iptables -A INPUT -j RATEEST --rateest-name RE7 --rateest-interval 250ms --rateest-ewmalog 250ms
iptables -A INPUT -j RATEEST --rateest-name RE8 --rateest-interval foo --rateest-ewmalog 1s
iptables -A INPUT -j RATEEST --rateest-interval 1s --rateest-ewmalog 2s
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -p tcp -j TCPMSS --set-mss 42
iptables -A INPUT -p tcp --syn -j TCPMSS --set-mss 42
iptables -A FORWARD -p tcp -m tcp --tcp-flags SYN SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -A INPUT -p tcp -m tcp --tcp-flags SYN SYN -j TCPMSS --clamp-mss-to-pmtu
iptables -A INPUT -j TCPMSS --set-mss 42
iptables -A INPUT -p tcp -j TCPMSS --set-mss 65516
iptables -A INPUT -p tcp -j TCPMSS
iptables -N C
iptables -A C -p tcp -j TCPMSS --clamp-mss-to-pmtu
iptables -A INPUT -j C
iptables -A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --mss 1460 --wscale 9
iptables -A INPUT -p tcp -m tcp --dport 42 -m conntrack --ctstate INVALID -j SYNPROXY
iptables -A INPUT -p tcp -j SYNPROXY --wscale 256 --mss 65536
iptables -A INPUT -j SYNPROXY --mss 1
iptables -A OUTPUT -p tcp -j SYNPROXY --mss 1
iptables -N S
iptables -A S -p tcp -j SYNPROXY
iptables -A OUTPUT -j S
iptables -A OUTPUT -j CLASSIFY --set-class 1:-1
iptables -A OUTPUT -j CLASSIFY --set-class 12345:0X2ab
iptables -A OUTPUT -j CLASSIFY --set-class 1
iptables -A INPUT -j CLASSIFY --set-class 1:1
iptables -A INPUT -j TOS --set-tos 1
iptables -A INPUT -j CHECKSUM --checksum-fill
iptables -A INPUT -j CONNSECMARK --save
iptables -S
iptables -L -n
iptables -L
iptables -t mangle -A PREROUTING -j TOS --set-tos 0x1f
iptables -t mangle -A PREROUTING -j TOS --set-tos Minimize-Delay
iptables -t mangle -A PREROUTING -j TOS --and-tos 0x12
iptables -t mangle -A PREROUTING -j TOS --or-tos 0x12
iptables -t mangle -A PREROUTING -j TOS --xor-tos 0x12
iptables -t mangle -A PREROUTING -j TOS --set-tos 0x00/0x13
iptables -t mangle -A PREROUTING -j TOS --and-tos 1 --or-tos 1
iptables -t mangle -A PREROUTING -j TOS
iptables -t mangle -A PREROUTING -j TOS --set-tos wrong
iptables -t mangle -A PREROUTING -j DSCP --set-dscp 63
iptables -t mangle -A PREROUTING -j DSCP --set-dscp-class af11
iptables -t mangle -A PREROUTING -j DSCP --set-dscp 64
iptables -t mangle -A PREROUTING -j DSCP
iptables -t mangle -A PREROUTING -j TTL --ttl-set 42
iptables -t mangle -A PREROUTING -j TTL --ttl-inc 1
iptables -t mangle -A PREROUTING -j TTL --ttl-dec 255
iptables -t mangle -A PREROUTING -j TTL --ttl-dec 0
iptables -t mangle -A PREROUTING -j TTL --ttl-dec 1 --ttl-inc 1
iptables -t mangle -A PREROUTING -j TTL --ttl-set --ttl-inc 1
iptables -t mangle -A PREROUTING -j TTL
iptables -t mangle -A PREROUTING -p tcp -j ECN --ecn-tcp-remove
iptables -t mangle -A PREROUTING -j ECN --ecn-ip-ect 1
iptables -t mangle -A PREROUTING -p tcp -j ECN --ecn-tcp-cwr 1 --ecn-tcp-ece 0 --ecn-ip-ect 3
iptables -t mangle -A PREROUTING -p tcp -j ECN --ecn-tcp-remove --ecn-ip-ect 1
iptables -t mangle -A PREROUTING -j ECN --ecn-tcp-remove
iptables -t mangle -A PREROUTING -p tcp -j ECN --ecn-tcp-remove --ecn-tcp-cwr 1
iptables -t mangle -A PREROUTING -p tcp -j ECN
iptables -t mangle -A PREROUTING -j CHECKSUM --checksum-fill
iptables -t mangle -A PREROUTING -j CHECKSUM
iptables -t mangle -A PREROUTING -j CONNSECMARK --restore
iptables -t mangle -A PREROUTING -j CONNSECMARK --save --restore
iptables -t mangle -A PREROUTING -j SECMARK --selctx system_u:object_r:firewalld_exec_t:s0
iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP
iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options wscale,mss,sack-permitted,sack,timestamp,md5,255
iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options 0x10,010
iptables -t mangle -A PREROUTING -j TCPOPTSTRIP --strip-options 2
iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options mss,2
iptables -t mangle -A PREROUTING -p tcp -j TCPOPTSTRIP --strip-options 1,2
iptables -t mangle -A PREROUTING -p udp -j TPROXY --on-port 12345 --on-ip 10.0.0.1 --tproxy-mark 0x23/0xff
iptables -t mangle -A PREROUTING -p tcp -j TPROXY --on-port ssh --tproxy-mark 5
iptables -t mangle -A PREROUTING -p tcp -j TPROXY --on-port 65536
iptables -t mangle -A PREROUTING -j TPROXY --on-port 1
iptables -t mangle -A PREROUTING -p tcp -j TPROXY --on-port foo
iptables -t mangle -A PREROUTING -p tcp -j TPROXY --on-ip 1.2.3.4
iptables -t mangle -A INPUT -p tcp -j TPROXY --on-port 1
iptables -t mangle -A FORWARD -j CLASSIFY --set-class 0000:ffff
iptables -t mangle -A INPUT -j CLASSIFY --set-class 1:1
iptables -t security -A INPUT -j CONNSECMARK --save
iptables -t security -A INPUT -j SECMARK --selctx system_u:object_r:firewalld_exec_t:s0
iptables -t mangle -S
iptables -t mangle -L
iptables -t mangle -L -n
iptables-save -t mangle
iptables-save -t security
