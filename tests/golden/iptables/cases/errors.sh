# Command-line errors and refusals, with their wording and exit status.
iptables
iptables -A
iptables -A INPUT -j
iptables -A NOPE -j ACCEPT
iptables -I NOPE -j ACCEPT
iptables -I NOPE 2 -j ACCEPT
iptables -R NOPE 1 -j ACCEPT
iptables -D NOPE -j ACCEPT
iptables -D NOPE 1
iptables -D INPUT 1
iptables -D INPUT -s 10.0.0.1 -j ACCEPT
iptables -A INPUT -s 10.0.0.1 -j ACCEPT
iptables -D INPUT -s 10.0.0.1 -j DROP
iptables -D INPUT -s 10.0.0.1
iptables -D INPUT 2
iptables -D INPUT 0
iptables -D INPUT -1
iptables -D INPUT x
iptables -D INPUT 1 2
iptables -I INPUT 0 -j ACCEPT
iptables -I INPUT 3 -j ACCEPT
iptables -I INPUT x -j ACCEPT
iptables -I INPUT -5 -j ACCEPT
iptables -R INPUT 0 -j ACCEPT
iptables -R INPUT 2 -j ACCEPT
iptables -R INPUT -j ACCEPT
iptables -R INPUT 1 -s 10.0.0.1,10.0.0.2 -j ACCEPT
iptables -C INPUT -j DROP
iptables -C INPUT
iptables -A INPUT -A FORWARD -j ACCEPT
iptables -A INPUT -I FORWARD -j ACCEPT
iptables -L -F
iptables -F -L
iptables -N X -X Y
iptables -Z -F
iptables -L -A INPUT
iptables ! -A INPUT
iptables -A INPUT ! ! -s 10.0.0.1
iptables -A INPUT -s 10.0.0.1 !
iptables -A INPUT -s 10.0.0.1 -s 10.0.0.2
iptables -A INPUT -p tcp -p udp
iptables -A INPUT -j ACCEPT -j DROP
iptables -A INPUT -j ACCEPT -g USER
iptables -A INPUT -i eth0 -i eth1
iptables -A INPUT ! -j ACCEPT
iptables -A INPUT ! -m tcp
iptables -A INPUT ! -c 1 2
iptables -L ! -n
iptables -L ! -v
iptables -A INPUT -p foo
iptables -A INPUT -p 256
iptables -A INPUT -p -1
iptables -A INPUT -p ''
iptables -A INPUT ! -p all
iptables -A INPUT ! -p 0
iptables -A INPUT -m foo
iptables -A INPUT -m foo -j ACCEPT
iptables -A INPUT -m abcdefghijklmnopqrstuvwxyz0123
iptables -A INPUT -j FOO
iptables -A INPUT -j foo
iptables -A INPUT -g FOO
iptables -A INPUT -j abcdefghijklmnopqrstuvwxyz0123
iptables -A INPUT -j ''
iptables -A INPUT -j 'a b'
iptables -A INPUT -s 10.0.0.300
iptables -A INPUT -d 10.0.0.1/33
iptables -A INPUT -s 10.0.0.1/x
iptables -A INPUT -s 10.0.0.1/255.255.0
iptables -A INPUT -s nosuchhost.invalid
iptables -A INPUT -o eth0
iptables -A INPUT -o eth0 -j ACCEPT
iptables -A OUTPUT -i eth0 -j ACCEPT
iptables -t nat -A PREROUTING -o eth0 -j ACCEPT
iptables -t nat -A POSTROUTING -i eth0 -j ACCEPT
iptables -t mangle -A POSTROUTING -i eth0
iptables -t mangle -A FORWARD -i eth0 -o eth1
iptables -N U
iptables -A U -o eth0 -i eth1
iptables -A INPUT -j U
iptables -S
iptables -A INPUT --bogus
iptables -A INPUT -y
iptables -A INPUT --sport 22
iptables -A INPUT --dport 22 -j ACCEPT
iptables -A INPUT foo
iptables -A INPUT -j ACCEPT extra
iptables -L INPUT 1 extra
iptables -F INPUT extra
iptables -N
iptables -E
iptables -E A
iptables -P
iptables -P INPUT
iptables -L -s 10.0.0.1
iptables -L -p tcp
iptables -L -j ACCEPT
iptables -L -i eth0
iptables -F -o eth0
iptables -S -x
iptables -A INPUT -n -j ACCEPT
iptables -A INPUT -x
iptables -A INPUT --line-numbers
iptables -X -c 1 2
iptables -P INPUT DROP -s 10.0.0.1
iptables -t nat -A POSTROUTING -j DROP
iptables -t nat -P POSTROUTING DROP
iptables -t nat -I POSTROUTING -j DROP
iptables --appen INPUT -j ACCEPT
iptables --app INPUT -j ACCEPT
iptables --in INPUT -j ACCEPT
iptables --list-rule
iptables --line
iptables --verbose=1 -L
iptables --source
iptables -A INPUT -s
iptables -A INPUT -w
iptables -A INPUT -w 5 -j ACCEPT
iptables -w -L INPUT -n
iptables -w5 -S INPUT
iptables --wait 2 -S INPUT
iptables --wait=3 -S INPUT
iptables -W 100 -w -S INPUT
iptables -w x -S
iptables -W 5 -S INPUT
iptables -w 0 -W 5 -S INPUT
iptables -w -W x -S INPUT
iptables -w -W 1000000 -S INPUT
iptables -w -W -1 -S INPUT
iptables -w -W
iptables -w 1 --wait-interval=10 -S INPUT
iptables -w 0x10 -S INPUT
iptables -A INPUT -4 -j ACCEPT
iptables -A INPUT -6 -j ACCEPT
iptables -M /bin/true -S INPUT
iptables --modprobe=/bin/true -S INPUT
iptables -S
