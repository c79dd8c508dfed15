# Every rule and chain command, short and long forms, each followed by a listing.
iptables -A INPUT -s 10.0.0.1 -j ACCEPT
iptables -A INPUT -s 10.0.0.2 -j DROP
iptables --append INPUT -s 10.0.0.3 -j RETURN
iptables -S
iptables -I INPUT -s 10.0.0.4 -j ACCEPT
iptables -I INPUT 2 -s 10.0.0.5 -j ACCEPT
iptables --insert INPUT 6 -s 10.0.0.6 -j DROP
iptables -I INPUT 8 -s 10.0.0.7 -j DROP
iptables -S INPUT
iptables -D INPUT -s 10.0.0.5 -j ACCEPT
iptables --delete INPUT 1
iptables -D INPUT 10
iptables -S INPUT
iptables -R INPUT 1 -s 10.0.1.1 -j DROP
iptables --replace INPUT 2 -s 10.0.1.2 -j ACCEPT
iptables -R INPUT 9 -s 10.0.1.3 -j ACCEPT
iptables -R INPUT -s 10.0.1.3 -j ACCEPT
iptables -S INPUT
iptables -C INPUT -s 10.0.1.1 -j DROP
iptables --check INPUT -s 10.0.1.2 -j ACCEPT
iptables -C INPUT -s 10.0.1.2 -j DROP
iptables -C INPUT -s 10.9.9.9 -j DROP
iptables -C NOPE -s 10.9.9.9 -j DROP
iptables -N USER
iptables --new-chain OTHER
iptables -N USER
iptables -A USER -p tcp -j ACCEPT
iptables -A INPUT -j USER
iptables -A INPUT -g OTHER
iptables -A INPUT --goto OTHER
iptables --jump USER -A FORWARD
iptables -S
iptables -E OTHER RENAMED
iptables --rename-chain RENAMED OTHER2
iptables -S
iptables -F USER
iptables -S USER
iptables --flush INPUT
iptables -S
iptables -X USER
iptables -F
iptables -S
iptables -X USER
iptables -X
iptables --delete-chain
iptables -S
iptables -P INPUT DROP
iptables --policy FORWARD DROP
iptables -P OUTPUT ACCEPT
iptables -S
iptables -L
iptables --list INPUT
iptables --list-rules FORWARD
iptables -Z
iptables --zero INPUT
iptables -V
iptables --version
iptables-save
