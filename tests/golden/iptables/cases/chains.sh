# User chains: creation, references, deletion, renaming, and the kernel's refusals.
iptables -N A
iptables -N B
iptables -N C
iptables -N zeta
iptables -N alpha
iptables -N Mixed-Case_1.2
iptables -S
iptables -L -n
iptables -A INPUT -j A
iptables -A FORWARD -j A
iptables -A A -j B
iptables -A B -j C
iptables -L -n
iptables -A C -j A
iptables -A C -j B
iptables -A C -j C
iptables -A B -j A
iptables -I B -j A
iptables -S
iptables -X A
iptables -X B
iptables -X C
iptables -F A
iptables -X B
iptables -X
iptables -S
iptables -F INPUT
iptables -F FORWARD
iptables -X A
iptables -X
iptables -S
iptables -N A
iptables -N B
iptables -A A -j ACCEPT
iptables -X A
iptables -S
iptables -E A B
iptables -E A INPUT
iptables -E INPUT X
iptables -E NOPE X
iptables -E A
iptables -X INPUT
iptables -X NOPE
iptables -F NOPE
iptables -Z NOPE
iptables -L NOPE
iptables -S NOPE
iptables -P A DROP
iptables -P NOPE DROP
iptables -P INPUT REJECT
iptables -P INPUT RETURN
iptables -P INPUT accept
iptables -P INPUT
iptables -N ACCEPT
iptables -N DROP
iptables -N RETURN
iptables -N QUEUE
iptables -N -bad
iptables -N '!bad'
iptables -N 'sp ace'
iptables -N abcdefghijklmnopqrstuvwxyz01
iptables -N abcdefghijklmnopqrstuvwxyz012
iptables -N INPUT
iptables -N
iptables -A A -j NOPE
iptables -A A -g NOPE
iptables -A A -j INPUT
iptables -A A -j A
iptables -A INPUT -j A
iptables -A A -j B
iptables -A B -j A
iptables -S
iptables -t nat -N A
iptables -t nat -A A -j DROP
iptables -t nat -P PREROUTING DROP
iptables -t nat -S
iptables-save
