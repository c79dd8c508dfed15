# -m state and -m conntrack: every option, ordering of states, inversion and errors.
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -m state --state NEW,INVALID,UNTRACKED
iptables -A INPUT -m state ! --state NEW
iptables -A INPUT -m state --state BOGUS
iptables -A INPUT -m state
iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
iptables -A INPUT -m conntrack ! --ctstate NEW,SNAT,DNAT
iptables -A INPUT -m conntrack --ctproto tcp --ctorigsrc 10.0.0.0/8 --ctorigdst 10.1.2.3 --ctreplsrc 1.2.3.4/24 ! --ctrepldst 5.6.7.8
iptables -A INPUT -m conntrack --ctorigsrcport 1000 --ctorigdstport 80:90 --ctreplsrcport 22 --ctrepldstport 1:2
iptables -A INPUT -m conntrack --ctstatus ASSURED,SEEN_REPLY --ctexpire 10:100 --ctdir REPLY
iptables -A INPUT -m conntrack ! --ctstatus NONE ! --ctexpire 5 --ctdir ORIGINAL
iptables -A INPUT -m conntrack --ctstate FOO
iptables -A INPUT -m conntrack --ctdir SIDEWAYS
iptables -A INPUT -m conntrack --ctproto 300
iptables -A INPUT -m conntrack
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -L INPUT -n -v
