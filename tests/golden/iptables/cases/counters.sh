# Counters: -c / --set-counters, -Z, -L -v -x, iptables-save -c, restore --counters.
iptables -A INPUT -c 10 20 -j ACCEPT
iptables -A INPUT --set-counters 1234567 987654321 -j DROP
iptables -I INPUT -c 5,6 -j RETURN
iptables -A INPUT -c 99999 100000 -s 10.0.0.1
iptables -A INPUT -c 100000 99999499 -s 10.0.0.2
iptables -A INPUT -c 9999499 9999500 -s 10.0.0.3
iptables -A INPUT -c 999999999999 18446744073709551615 -s 10.0.0.4
iptables -A INPUT -c 12345678901234 1 -s 10.0.0.5
iptables -A INPUT -c 1 2 -c 3 4
iptables -A INPUT -c 1
iptables -A INPUT -c x 4
iptables -A INPUT -c 1 y
iptables -A INPUT -c -1 5 -j ACCEPT
iptables -A INPUT -c 1 2 3 -j ACCEPT
iptables -A INPUT ! -c 1 2 -j ACCEPT
iptables -L -v
iptables -L -v -x
iptables -L -v -n --line-numbers
iptables -S
iptables -S -v
iptables -S INPUT 2 -v
iptables-save
iptables-save -c
iptables-save --counters
iptables -R INPUT 1 -c 7 8 -j ACCEPT
iptables -R INPUT 2 -j ACCEPT
iptables -S -v INPUT
iptables -P INPUT DROP -c 10 20
iptables -P FORWARD ACCEPT --set-counters 30 40
iptables -S -v
iptables -Z INPUT 2
iptables -S -v INPUT
iptables -Z INPUT 99
iptables -Z INPUT 0
iptables -L -v -Z INPUT
iptables -S -v
iptables -A INPUT -c 50 60
iptables -L INPUT -Z -v -x -n
iptables -L INPUT -v -x -n
iptables -A INPUT -c 50 60
iptables -Z -L INPUT -n -v
iptables -Z -v
iptables -Z INPUT -v
iptables -S -Z INPUT
iptables -Z -S INPUT 1
iptables -L -Z INPUT 1
iptables -Z INPUT 1 -L
iptables -D INPUT -c 5 6 -j RETURN
iptables -C INPUT -c 5 6 -j DROP
iptables -N U -c 1 2
iptables -F -c 1 2
iptables-restore --counters <<EOF
*filter
:INPUT DROP [11:22]
:FORWARD ACCEPT [33:44]
:OUTPUT ACCEPT [0:0]
:USER - [55:66]
[1:2] -A INPUT -j USER
[3:4] -A USER -s 10.0.0.1 -j ACCEPT
-A USER -s 10.0.0.2 -j ACCEPT
[18446744073709551615:0] -A USER -s 10.0.0.3 -j ACCEPT
COMMIT
EOF
iptables-save -c
iptables -L -v -n
iptables -L -v -n -x
iptables-restore <<EOF
*filter
:INPUT DROP [11:22]
:FORWARD ACCEPT [33:44]
[1:2] -A INPUT -j ACCEPT
COMMIT
EOF
iptables-save -c
