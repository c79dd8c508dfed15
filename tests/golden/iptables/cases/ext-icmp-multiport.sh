# -m icmp (implicit with -p icmp) and -m multiport: names, numbers, ranges, inversion, errors.
iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 8 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 3/3 -j ACCEPT
iptables -A INPUT -p icmp -m icmp ! --icmp-type destination-unreachable -j DROP
iptables -A INPUT -p icmp --icmp-type any
iptables -A INPUT -p icmp --icmp-type port-unreachable
iptables -A INPUT -p icmp --icmp-type time-exceeded
iptables -A INPUT -p icmp --icmp-type 0/0
iptables -A INPUT -p icmp --icmp-type 255
iptables -A INPUT -p icmp --icmp-type echo-reques
iptables -A INPUT -p icmp --icmp-type 256
iptables -A INPUT -p icmp --icmp-type 3/256
iptables -A INPUT -m icmp --icmp-type 8
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables -A INPUT -p udp -m multiport --sports 53,1000:2000 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --ports ssh,http -j ACCEPT
iptables -A INPUT -p tcp -m multiport ! --dports 1:1023 -j DROP
iptables -A INPUT -p tcp -m multiport --source-ports 1,2 --destination-ports 3,4
iptables -A INPUT -m multiport --dports 22
iptables -A INPUT -p icmp -m multiport --dports 22
iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
iptables -A INPUT -p tcp -m multiport --dports 80,nosuchservice
iptables -A INPUT -p tcp -m multiport --dports 2000:1000
iptables -A INPUT -p tcp -m multiport
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
iptables -D INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables -S INPUT
