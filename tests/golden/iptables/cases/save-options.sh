# iptables-save and iptables-restore command lines: options, long forms, getopt's errors.
iptables -A INPUT -s 10.0.0.1 -c 3 4 -j ACCEPT
iptables -t nat -N X
iptables-save -c -t filter
iptables-save --count --table nat
iptables-save --t=nat
iptables-save -tnat
iptables-save -d
iptables-save -b
iptables-save -M /bin/true -c
iptables-save --modprobe=/bin/true
iptables-save -x
iptables-save --bogus
iptables-save --counters=1
iptables-save --table
iptables-save extra
iptables-save -V
iptables-save --version
iptables-save -t nat -t filter
iptables-save -t NAT
iptables-save -t security
iptables-save -t mangle -c
iptables-save -- -c
iptables-restore -V
iptables-restore --version
iptables-restore --help
iptables-restore -T
iptables-restore --table
iptables-restore --bogus
iptables-restore --c <<EOF
*filter
COMMIT
EOF
iptables-restore --no <<EOF
*filter
COMMIT
EOF
iptables-restore --noflush=1 <<EOF
*filter
COMMIT
EOF
iptables-restore -b <<EOF
*filter
COMMIT
EOF
iptables-restore -6 <<EOF
*filter
COMMIT
EOF
iptables-restore -4 <<EOF
*filter
COMMIT
EOF
iptables-restore -M /bin/true <<EOF
*filter
COMMIT
EOF
iptables-restore --wait=5 <<EOF
*filter
COMMIT
EOF
iptables-restore --wait 5 -W <<EOF
*filter
COMMIT
EOF
iptables-restore a b
iptables-restore -w -x
iptables-save
iptables-restore --ipv4
iptables-restore --ipv6
iptables-restore --test --verbose --counters --noflush --table filter <<EOF
# checked only
*filter
-A INPUT -j NOPE
COMMIT
EOF
