# iptables-restore: tables, chain and policy lines, rules, options, and its errors.
iptables-restore <<EOF
# a comment
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:LATER - [0:0]
:USER - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -s 10.0.0.0/8 -j USER
-A USER -p tcp -m tcp --dport 22 -j ACCEPT
-A USER -j LATER
-A USER -m comment --comment "a \"quoted\" comment" -j RETURN
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -s 10.0.0.0/8 -j ACCEPT
COMMIT
EOF
iptables-save
iptables -S
iptables-restore --noflush <<EOF
*filter
-A INPUT -s 10.9.0.0/16 -j DROP
COMMIT
EOF
iptables -S
iptables-restore -n <<EOF
*filter
:USER - [0:0]
-A USER -j ACCEPT
COMMIT
EOF
iptables -S
iptables-restore <<EOF
*filter
:OUTPUT DROP [0:0]
-A OUTPUT -j ACCEPT
COMMIT
EOF
iptables-save
iptables-restore --test <<EOF
*filter
-A INPUT -j DROP
COMMIT
EOF
iptables-restore -t <<EOF
*filter
-A INPUT -j NOWHERE
COMMIT
EOF
iptables -S
iptables-restore <<EOF
*nat
-A POSTROUTING -j ACCEPT
COMMIT
*filter
-A INPUT -j DROP
-A INPUT -j NOWHERE
COMMIT
EOF
iptables-save
iptables-restore -T nat <<EOF
*filter
-A INPUT -j DROP
COMMIT
*nat
-A PREROUTING -j ACCEPT
COMMIT
EOF
iptables-restore --table=filter <<EOF
*filter
-A FORWARD -j DROP
COMMIT
*nat
-A PREROUTING -j ACCEPT
COMMIT
EOF
iptables-save
iptables-restore -T bogus <<EOF
*filter
-A FORWARD -j DROP
COMMIT
EOF
iptables-save -t filter
iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
*nat
-A PREROUTING -j ACCEPT
EOF
iptables-save
iptables-restore <<EOF
*bogus
COMMIT
EOF
iptables-restore <<EOF
*
COMMIT
EOF
iptables-restore <<EOF
-A INPUT -j ACCEPT
EOF
iptables-restore <<EOF
*filter
*nat
COMMIT
EOF
iptables-restore <<EOF
COMMIT
EOF
iptables-restore <<EOF
*filter
-A NOPE -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j NOPE
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT BOGUS [0:0]
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT
COMMIT
EOF
iptables-restore <<EOF
*filter
:
COMMIT
EOF
iptables-restore <<EOF
*filter
:USER DROP [0:0]
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT DROP [1:2
COMMIT
EOF
iptables-restore --counters <<EOF
*filter
:INPUT DROP
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT DROP
COMMIT
EOF
iptables-restore <<EOF
*filter
:INPUT - [0:0]
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -s 10.0.0.300 -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -p tcp --bogus -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -m foo -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-t nat -A INPUT -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT -w
COMMIT
EOF
iptables-restore <<EOF
*filter
[1:2 -A INPUT -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
[12] -A INPUT -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-D INPUT -s 1.2.3.4 -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
-X LATER
COMMIT
EOF
iptables-restore <<EOF
*filter
:A - [0:0]
:B - [0:0]
-A INPUT -j A
-A A -j B
-A B -j A
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j INPUT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -o eth0 -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
:ACCEPT - [0:0]
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
-N NEWC
-A NEWC -j ACCEPT
-I INPUT -j NEWC
-P FORWARD DROP
-E NEWC RENAMED
-R INPUT 1 -j RENAMED
-D INPUT 2
-Z
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
-F
-X
COMMIT
EOF
iptables-save
iptables-restore --noflush <<EOF
*filter
:INPUT ACCEPT [0:0]
:EXTRA - [0:0]
-A EXTRA -j ACCEPT
COMMIT
EOF
iptables-save
iptables-restore --bogus
iptables-restore -x
iptables-restore extra
iptables-restore -v <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
iptables-restore -h
iptables-restore -V
iptables-restore -w <<EOF
*filter
COMMIT
EOF
iptables-restore -W 5 <<EOF
*filter
COMMIT
EOF
iptables-restore -c -n -t <<EOF
*filter
COMMIT
EOF
iptables-restore <<EOF

*filter
   
COMMIT
EOF
iptables-restore <<EOF
*raw
:PREROUTING DROP [0:0]
COMMIT
*mangle
COMMIT
*security
-A INPUT -j ACCEPT
COMMIT
EOF
iptables-save
iptables-restore <<EOF
EOF
iptables-save
