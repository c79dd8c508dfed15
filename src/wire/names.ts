// Name tables tcpdump 4.99 prints when it is not given -n. Data only.
//  - TCP/UDP service names: Debian 12's /etc/services (netbase 6.4), first entry per port,
//    as tcpdump's init_servarray (addrtoname.c) reads them with getservent().
//  - IP protocol keywords: IANA's registry as tcpdump spells it (ipproto.c,
//    netdb_protocol_names), printed for non-first fragments and unknown protocols.
//  - OUIs: tcpdump's oui.c table, printed as "(oui NAME)" after a MAC with -e.
//  - Ethertypes: tcpdump's print-ether.c table, printed with -e.

function pairs(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const words = text.trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i += 2) {
    const port = Number(words[i]);
    if (!map.has(port)) map.set(port, words[i + 1] ?? "");
  }
  return map;
}

/** TCP port → service name. */
export const TCP_SERVICES: ReadonlyMap<number, string> = pairs(`
  1 tcpmux 7 echo 9 discard 11 systat 13 daytime 15 netstat 17 qotd 19 chargen 20 ftp-data 21
  ftp 22 ssh 23 telnet 25 smtp 37 time 43 whois 49 tacacs 53 domain 70 gopher 79 finger 80 http
  88 kerberos 102 iso-tsap 104 acr-nema 106 poppassd 110 pop3 111 sunrpc 113 auth 119 nntp 135
  epmap 139 netbios-ssn 143 imap2 161 snmp 162 snmp-trap 163 cmip-man 164 cmip-agent 174 mailq
  179 bgp 199 smux 209 qmtp 210 z3950 345 pawserv 346 zserv 369 rpc2portmap 370 codaauth2 389
  ldap 427 svrloc 443 https 444 snpp 445 microsoft-ds 464 kpasswd 465 submissions 487 saft 512
  exec 513 login 514 shell 515 printer 538 gdomap 540 uucp 543 klogin 544 kshell 548 afpovertcp
  554 rtsp 563 nntps 587 submission 607 nqs 628 qmqp 631 ipp 636 ldaps 646 ldp 655 tinc 706 silc
  749 kerberos-adm 750 kerberos4 751 kerberos-master 754 krb-prop 775 moira-db 777 moira-update
  783 spamd 853 domain-s 871 supfilesrv 873 rsync 989 ftps-data 990 ftps 992 telnets 993 imaps
  995 pop3s 1080 socks 1093 proofd 1094 rootd 1099 rmiregistry 1127 supfiledbg 1178 skkserv 1194
  openvpn 1236 rmtcfg 1313 xtel 1314 xtelw 1352 lotusnote 1433 ms-sql-s 1524 ingreslock 1645
  datametrics 1646 sa-msg-port 1649 kermit 1677 groupwise 1812 radius 1813 radius-acct 2000
  cisco-sccp 2049 nfs 2086 gnunet 2101 rtcm-sc104 2119 gsigatekeeper 2121 iprop 2135 gris 2401
  cvspserver 2430 venus 2431 venus-se 2432 codasrv 2433 codasrv-se 2583 mon 2600 zebrasrv 2601
  zebra 2602 ripd 2603 ripngd 2604 ospfd 2605 bgpd 2606 ospf6d 2607 ospfapi 2608 isisd 2628 dict
  2792 f5-globalsite 2811 gsiftp 2947 gpsd 3050 gds-db 3205 isns 3260 iscsi-target 3306 mysql
  3389 ms-wbt-server 3493 nut 3632 distcc 3689 daap 3690 svn 4031 suucp 4094 sysrqd 4190 sieve
  4353 f5-iquery 4369 epmd 4373 remctl 4460 ntske 4557 fax 4559 hylafax 4691 mtn 4899
  radmin-port 4949 munin 5060 sip 5061 sip-tls 5222 xmpp-client 5269 xmpp-server 5308 cfengine
  5432 postgresql 5556 freeciv 5666 nrpe 5667 nsca 5671 amqps 5672 amqp 5680 canna 6000 x11 6001
  x11-1 6002 x11-2 6003 x11-3 6004 x11-4 6005 x11-5 6006 x11-6 6007 x11-7 6346 gnutella-svc 6347
  gnutella-rtr 6379 redis 6444 sge-qmaster 6445 sge-execd 6446 mysql-proxy 6514 syslog-tls 6566
  sane-port 6667 ircd 6697 ircs-u 7000 bbs 7100 font-service 8021 zope-ftp 8080 http-alt 8081
  tproxy 8088 omniorb 8140 puppet 8990 clc-build-daemon 9098 xinetd 9101 bacula-dir 9102
  bacula-fd 9103 bacula-sd 9418 git 9667 xmms2 9673 zope 10000 webmin 10050 zabbix-agent 10051
  zabbix-trapper 10080 amanda 10081 kamanda 10082 amandaidx 10083 amidxtape 10809 nbd 11112
  dicom 11371 hkp 17004 sgi-cad 17500 db-lsp 22125 dcap 22128 gsidcap 22273 wnn6 24554 binkp
  27374 asp 30865 csync2 57000 dircproxy 60177 tfido 60179 fido
`);

/** UDP port → service name. */
export const UDP_SERVICES: ReadonlyMap<number, string> = pairs(`
  7 echo 9 discard 13 daytime 19 chargen 21 fsp 37 time 49 tacacs 53 domain 67 bootps 68 bootpc
  69 tftp 88 kerberos 111 sunrpc 123 ntp 137 netbios-ns 138 netbios-dgm 161 snmp 162 snmp-trap
  163 cmip-man 164 cmip-agent 177 xdmcp 213 ipx 319 ptp-event 320 ptp-general 369 rpc2portmap
  370 codaauth2 371 clearcase 389 ldap 427 svrloc 443 https 464 kpasswd 500 isakmp 512 biff 513
  who 514 syslog 517 talk 518 ntalk 520 route 538 gdomap 546 dhcpv6-client 547 dhcpv6-server 554
  rtsp 623 asf-rmcp 636 ldaps 646 ldp 655 tinc 750 kerberos4 751 kerberos-master 752
  passwd-server 779 moira-ureg 853 domain-s 1194 openvpn 1210 predict 1434 ms-sql-m 1645
  datametrics 1646 sa-msg-port 1701 l2f 1812 radius 1813 radius-acct 2049 nfs 2086 gnunet 2101
  rtcm-sc104 2102 zephyr-srv 2103 zephyr-clt 2104 zephyr-hm 2430 venus 2431 venus-se 2432
  codasrv 2433 codasrv-se 2583 mon 3130 icpv2 3205 isns 3493 nut 4500 ipsec-nat-t 4569 iax 5060
  sip 5061 sip-tls 5353 mdns 5555 rplay 6346 gnutella-svc 6347 gnutella-rtr 6696 babel 7000
  afs3-fileserver 7001 afs3-callback 7002 afs3-prserver 7003 afs3-vlserver 7004 afs3-kaserver
  7005 afs3-volser 7007 afs3-bos 7008 afs3-update 7009 afs3-rmtsys 17001 sgi-cmsd 17002 sgi-crsd
  17003 sgi-gcd 27374 asp
`);

/** IP protocol number → keyword. */
export const IP_PROTOCOL_NAMES: ReadonlyMap<number, string> = pairs(`
  0 hopopt 1 icmp 2 igmp 3 ggp 4 ipencap 5 st 6 tcp 7 cbt 8 egp 9 igp 10 bbn-rcc-mon 11 nvp-ii
  12 pup 13 argus 14 emcon 15 xnet 16 chaos 17 udp 18 mux 19 dcn-meas 20 hmp 21 prm 22 xns-idp
  23 trunk-1 24 trunk-2 25 leaf-1 26 leaf-2 27 rdp 28 irtp 29 iso-tp4 30 netblt 31 mfe-nsp 32
  merit-inp 33 dccp 34 3pc 35 idpr 36 xtp 37 ddp 38 idpr-cmtp 39 tp++ 40 il 41 ipv6 42 sdrp 43
  ipv6-route 44 ipv6-frag 45 idrp 46 rsvp 47 gre 48 dsr 49 bna 50 esp 51 ah 52 i-nlsp 53 swipe
  54 narp 55 mobile 56 tlsp 57 skip 58 ipv6-icmp 59 ipv6-nonxt 60 ipv6-opts 62 cftp 64 sat-expak
  65 kryptolan 66 rvd 67 ippc 69 sat-mon 70 visa 71 ipcv 72 cpnx 73 rspf 74 wsn 75 pvp 76
  br-sat-mon 77 sun-nd 78 wb-mon 79 wb-expak 80 iso-ip 81 vmtp 82 secure-vmtp 83 vines 84 ttp 85
  nsfnet-igp 86 dgp 87 tcf 88 eigrp 89 ospf 90 sprite-rpc 91 larp 92 mtp 93 ax.25 94 ipip 95
  micp 96 scc-sp 97 etherip 98 encap 100 gmtp 101 ifmp 102 pnni 103 pim 104 aris 105 scps 106
  qnx 107 a/n 108 ipcomp 109 snp 110 compaq-peer 111 ipx-in-ip 112 vrrp 113 pgm 115 l2tp 116 ddx
  117 iatp 118 stp 119 srp 120 uti 121 smp 122 sm 123 ptp 124 isis 125 fire 126 crtp 127 crudp
  128 sscopmce 129 iplt 130 sps 131 pipe 132 sctp 133 fc 134 rsvp-e2e-ignore 135 mobility-header
  136 udplite 137 mpls-in-ip 138 manet 139 hip 140 shim6 141 wesp 142 rohc 253 exptest-253 254
  exptest-254 255 reserved
`);

/** OUI → organisation, as tcpdump names them. */
export const OUI_NAMES: ReadonlyMap<number, string> = new Map([
  [0x000000, "Ethernet"], [0x00000c, "Cisco"], [0x00005e, "IANA"],
  [0x000081, "Nortel Networks SONMP"], [0x0000f8, "Cisco bridged"],
  [0x0080c2, "Ethernet bridged"], [0x00a03e, "ATM Forum"], [0x00e02f, "DOCSIS Spanning Tree"],
  [0x080007, "Appletalk"], [0x009069, "Juniper"], [0x080009, "Hewlett-Packard"],
  [0x00120f, "IEEE 802.3 Private"], [0x0012bb, "ANSI/TIA"], [0x001b21, "DCBX"],
  [0x002320, "Nicira Networks"], [0x5c16c7, "Big Switch Networks"], [0xb0d2f5, "Vello Systems"],
  [0x002481, "HP"], [0x0004ea, "HP-Labs"], [0x748771, "Infoblox Inc"],
  [0xa42305, "Open Networking Lab"], [0x00049f, "Freescale"], [0x0015ad, "Netronome"],
  [0x001018, "Broadcom"], [0x00e004, "PMC-Sierra"], [0xd0f0db, "Ericsson"],
]);

/** Ethertype → name, first entry of tcpdump's table winning. */
export const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0800, "IPv4"], [0x8847, "MPLS unicast"], [0x8848, "MPLS multicast"], [0x86dd, "IPv6"],
  [0x8100, "802.1Q"], [0x9100, "802.1Q-9100"], [0x88a8, "802.1Q-QinQ"], [0x9200, "802.1Q-9200"],
  [0x88e5, "802.1AE MACsec"], [0x0200, "PUP"], [0x0806, "ARP"], [0x8035, "Reverse ARP"],
  [0x0600, "NS"], [0x0500, "Sprite"], [0x1000, "Trail"], [0x6001, "MOP DL"], [0x6002, "MOP RC"],
  [0x6003, "DN"], [0x6004, "LAT"], [0x6007, "SCA"], [0x6558, "TEB"], [0x8038, "Lanbridge"],
  [0x803c, "DEC DNS"], [0x803e, "DEC DTS"], [0x805b, "VEXP"], [0x805c, "VPROD"],
  [0x809b, "Appletalk"], [0x80f3, "Appletalk ARP"], [0x8137, "IPX"], [0x880b, "PPP"],
  [0x8808, "MPCP"], [0x8809, "Slow Protocols"], [0x8863, "PPPoE D"], [0x8864, "PPPoE S"],
  [0x888e, "EAPOL"], [0x8899, "Realtek protocols"], [0x886f, "MS NLB heartbeat"],
  [0x8870, "Jumbo"], [0x894f, "NSH"], [0x9000, "Loopback"], [0xfefe, "OSI"], [0x00fe, "GRE-OSI"],
  [0xabcd, "CFM (old)"], [0x8902, "CFM"], [0x893a, "IEEE1905.1"], [0x88cc, "LLDP"],
  [0x88ca, "TIPC"], [0x0707, "GeoNet (old)"], [0x8947, "GeoNet"], [0x1111, "CALM FAST"],
  [0x88a2, "AoE"], [0x88f7, "PTP"], [0xd28b, "Arista Vendor Specific Protocol"],
]);
