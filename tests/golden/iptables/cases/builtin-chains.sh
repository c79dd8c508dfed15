# nf_tables creates a built-in chain only when a command needs it: which commands find it
# missing (ENOENT, "Bad rule"), which create it, -X deleting an empty ACCEPT one, -E renaming one.
iptables -D INPUT 1
iptables -D INPUT -j ACCEPT
iptables -C INPUT -j ACCEPT
iptables -R INPUT 1 -j ACCEPT
iptables -I INPUT 2 -j ACCEPT
iptables -Z INPUT
iptables -Z INPUT 1
iptables -E INPUT X
iptables -X INPUT
iptables -L INPUT 1
iptables -S INPUT 1
iptables-save
iptables -F INPUT
iptables-save
iptables -Z INPUT
iptables -Z INPUT 1
iptables -Z FORWARD
iptables -D INPUT 1
iptables -X INPUT
iptables -Z INPUT
iptables-save
iptables -N U
iptables-save
iptables -D FORWARD 1
iptables -Z -v
iptables -P FORWARD ACCEPT
iptables -Z -v
iptables -A OUTPUT -j ACCEPT
iptables -X OUTPUT
iptables -F OUTPUT
iptables -X OUTPUT
iptables -Z -v
iptables -P OUTPUT DROP
iptables -X OUTPUT
iptables -X
iptables -Z -v
iptables -S
iptables -P OUTPUT ACCEPT
iptables -X
iptables -Z -v
iptables -A INPUT -j U
iptables -A U -j INPUT
iptables -A U -j FORWARD
iptables -A U -g OUTPUT
iptables -F -v
iptables -A U -j FORWARD
iptables -E FORWARD FWD
iptables -S
iptables -L -n
iptables-save
iptables -E FORWARD FWD
iptables -E INPUT FWD
iptables -E U FWD
iptables -N FWD
iptables -X FWD
iptables -L FWD
iptables -A FORWARD -j ACCEPT
iptables -S FORWARD
iptables -t nat -P POSTROUTING ACCEPT
iptables -t nat -E POSTROUTING P2
iptables -t nat -S
iptables -t raw -F -v
iptables -t raw -S
iptables-save -t raw
