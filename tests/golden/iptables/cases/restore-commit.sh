# iptables-restore runs a table's commands at COMMIT, in order: which error wins, which
# line is named, chain lines after their use, renames, kernel refusals listed together.
iptables-restore <<EOF
*filter
-A INPUT -j LATER
:LATER - [0:0]
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j NOPE
-D INPUT 5
COMMIT
EOF
iptables-restore <<EOF
*filter
:X - [0:0]
-A INPUT -j ACCEPT
-D INPUT 5
-A INPUT -j NOPE
COMMIT
EOF
iptables-restore <<EOF
*filter
:X - [0:0]
-A X -j ACCEPT
:X - [0:0]
-A INPUT -j X
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
-A INPUT ! -s 0.0.0.0/0
-A INPUT -j INPUT
-A FORWARD -j FORWARD
-X X
COMMIT
EOF
iptables-restore <<EOF
*filter
:A - [0:0]
:B - [0:0]
-A A -j B
-A B -j A
-A INPUT ! -d 0.0.0.0/0
-A INPUT -j A
-A OUTPUT -j OUTPUT
COMMIT
EOF
iptables-restore <<EOF
*filter
:NEWC - [0:0]
-E NEWC RENAMED
-A INPUT -j RENAMED
COMMIT
EOF
iptables-restore <<EOF
*filter
:NEWC - [0:0]
-E NEWC RENAMED
-A RENAMED -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
:NEWC - [0:0]
-E NEWC RENAMED
-A INPUT -j NEWC
COMMIT
EOF
iptables-save
iptables -N OLD
iptables -A OLD -j ACCEPT
iptables-restore --noflush <<EOF
*filter
-E OLD NEW
-A INPUT -j OLD
COMMIT
EOF
iptables-save
iptables-restore --noflush <<EOF
*filter
-E NEW INPUT
-E NEW X
-E NEW X
COMMIT
EOF
iptables-restore --noflush <<EOF
*filter
-E NEW X
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
:INPUT DROP [0:0]
-A INPUT -j ACCEPT
-P INPUT ACCEPT
-Z INPUT
-F INPUT
-X
COMMIT
EOF
iptables-save
iptables-restore --noflush <<EOF
*filter
-P INPUT BOGUS
COMMIT
EOF
iptables-restore --noflush <<EOF
*filter
-X INPUT
-I INPUT 3 -j ACCEPT
COMMIT
EOF
iptables-restore --noflush <<EOF
*nat
-A POSTROUTING -j ACCEPT
COMMIT
*filter
-A INPUT -j ACCEPT
-L NOPE
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
:INPUT ACCEPT [1:2]
COMMIT
*nat
:PREROUTING DROP [3:4]
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -s 1.2.3.4 -j ACCEPT
COMMIT
COMMIT
EOF
iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT 
EOF
iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
 COMMIT
EOF
iptables-restore <<EOF
*filter # comment
-A INPUT -j ACCEPT
COMMIT
EOF
iptables-restore <<EOF
*filter
# in the middle
-A INPUT -s 10.0.0.1
COMMIT
*filter
-A INPUT -s 10.0.0.2
COMMIT
EOF
iptables-save
iptables-restore --counters <<EOF
*filter
[1:2] -A INPUT -s 10.0.0.1
[-1:0x10] -A INPUT -s 10.0.0.2
[ 5 : 6 ] -A INPUT -s 10.0.0.3
[:5] -A INPUT -s 10.0.0.4
COMMIT
EOF
iptables-restore --counters <<EOF
*filter
[x:y] -A INPUT -s 10.0.0.5
COMMIT
EOF
iptables-restore --counters <<EOF
*filter
:INPUT ACCEPT [a:b]
COMMIT
EOF
iptables-restore --counters <<EOF
*filter
:INPUT ACCEPT [7:8]
:FORWARD DROP [9:10]extra
[1:2] -A INPUT -s 10.0.0.1
[3:4] -A INPUT -s 10.0.0.6
COMMIT
EOF
iptables-save -c
iptables-restore -v <<EOF
# first comment
*filter
:INPUT DROP [0:0]
:USER - [0:0]
-A INPUT -j USER
-A USER -p tcp --dport 22 -j ACCEPT
# second comment
COMMIT
EOF
iptables-restore -v --noflush <<EOF
*filter
-A USER -j RETURN
COMMIT
EOF
iptables-save
iptables-restore <<EOF
*filter
:A - [0:0]
-A A -j A
-A INPUT -j A
-N X
-A X -j ACCEPT
-A FORWARD -j ACCEPT
COMMIT
EOF
iptables-save
