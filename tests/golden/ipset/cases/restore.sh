# ipset restore: lines, comments, COMMIT, the queue of adds and where errors stop it.
ipset restore <<EOF
create r1 hash:ip
add r1 10.0.0.1
add r1 10.0.0.2

# comment
add r1 10.0.0.1
add r1 10.0.0.3
EOF
ipset list r1
ipset restore <<EOF
create r2 hash:ip
add r2 10.0.0.1
add r2 bogus
add r2 10.0.0.3
EOF
ipset list r2
ipset restore <<EOF
create r3 hash:ip
add r3 10.0.0.1
create r3 hash:ip
add r3 10.0.0.4
EOF
ipset list r3
ipset -exist restore <<EOF
create r3 hash:ip
add r3 10.0.0.1
add r3 10.0.0.4
EOF
ipset list r3
ipset restore <<EOF
create r4 hash:ip
add r4 10.0.0.1
add nosuch 10.0.0.1
add r4 10.0.0.5
EOF
ipset list r4
ipset restore <<EOF
create r5 hash:ip comment
add r5 10.0.0.1 comment "a b"
add r5 10.0.0.2 comment "unterminated
add r5 10.0.0.3
EOF
ipset list r5
ipset restore <<EOF
create r6 hash:ip
COMMIT
list r6
add r6 1.1.1.1
restore
EOF
ipset list r6
ipset restore <<EOF
create r7 hash:ip
add r7 1.1.1.1
COMMIT
add r7 1.1.1.2
del r7 1.1.1.1
add r7 1.1.1.3
test r7 1.1.1.3
add r7 1.1.1.4
EOF
ipset list r7
ipset restore -! <<EOF
add r7 1.1.1.2
add r7 1.1.1.5
del r7 9.9.9.9
EOF
ipset list r7
ipset restore <<EOF
create r8 hash:ip
add r8 1.1.1.1 foo
EOF
ipset restore <<EOF
  create r9 hash:net
	add r9 10.0.0.0/8  
add r9 11.0.0.0/33
EOF
ipset list r9
ipset restore foo
ipset save
ipset destroy
ipset restore <<EOF
create s1 hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x11223344
add s1 10.0.0.0/24
create s2 list:set size 8
add s2 s1
EOF
ipset save
ipset restore <<EOF
add s1 10.0.1.0/24
add s1 10.0.2.0/24
add s2 nosuch
add s1 10.0.3.0/24
EOF
ipset save
ipset restore <<EOF
create s3 hash:ip
add s3 1.1.1.1
add s3 1.1.1.2
add s3 1.1.1.1
add s3 1.1.1.3
EOF
ipset save s3
