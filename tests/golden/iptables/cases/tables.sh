# nf_tables: a table appears in iptables-save only once something was written to it.
iptables-save
iptables -S
iptables-save
iptables -t nat -L
iptables -t nat -S
iptables -t mangle -L -n
iptables -t raw -S
iptables -t security -L
iptables-save
iptables -t nat -A POSTROUTING -s 10.0.0.0/8 -j ACCEPT
iptables-save
iptables -t mangle -N M
iptables-save
iptables -t raw -P OUTPUT DROP
iptables -t security -F
iptables -t security -Z
iptables-save
iptables -t filter -F
iptables-save
iptables -P INPUT ACCEPT
iptables-save
iptables-save -t nat
iptables-save --table mangle
iptables-save --table=raw
iptables-save -t security
iptables-save -t filter
iptables-save -t bogus
iptables-save -t
iptables --table nat -S
iptables -tnat -S POSTROUTING
iptables -t nat -L -n -v
iptables -t raw -L
iptables -t mangle -S
iptables -t bogus -L
iptables -t bogus -A INPUT -j ACCEPT
iptables -t NAT -L
iptables -t nat -A INPUT -j ACCEPT
iptables -t nat -A FORWARD -j ACCEPT
iptables -t raw -A INPUT -j ACCEPT
iptables -t mangle -A FORWARD -j ACCEPT
iptables -t security -A PREROUTING -j ACCEPT
iptables -t nat -t nat -S
iptables -t nat -t raw -S
iptables ! -t nat -S
iptables-save
