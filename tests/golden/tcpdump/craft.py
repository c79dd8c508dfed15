# Hand-made frames for the cases a short live capture does not produce (nfsim's tcpdump
# golden fixture crafted.pcap): python3 craft.py crafted.pcap
import struct, sys
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b)//2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def ip(src, dst, proto, body, ttl=64, tos=0, ident=1, flags=0x4000, opts=b"", cks=None, total=None):
    ihl = 5 + len(opts)//4
    tl = total if total is not None else ihl*4 + len(body)
    h = struct.pack("!BBHHHBBH4s4s", 0x40|ihl, tos, tl, ident, flags, ttl, proto, 0, bytes(src), bytes(dst)) + opts
    c = csum(h) if cks is None else cks
    h = h[:10] + struct.pack("!H", c) + h[12:]
    return h + body
def pseudo(src, dst, proto, ln): return bytes(src)+bytes(dst)+struct.pack("!BBH",0,proto,ln)
def tcp(src, dst, sp, dp, seq, ack, flags, win=64240, opts=b"", data=b"", urg=0, cks=None):
    off = (20+len(opts))//4
    h = struct.pack("!HHIIBBHHH", sp, dp, seq, ack, off<<4, flags, win, 0, urg) + opts + data
    c = csum(pseudo(src,dst,6,len(h))+h) if cks is None else cks
    return h[:16] + struct.pack("!H", c) + h[18:]
def udp(src, dst, sp, dp, data, cks=None, ln=None):
    h = struct.pack("!HHHH", sp, dp, ln if ln is not None else 8+len(data), 0) + data
    c = (csum(pseudo(src,dst,17,len(h))+h) or 0xffff) if cks is None else cks
    return h[:6] + struct.pack("!H", c) + h[8:]
def icmp(t, code, rest, data, cks=None):
    h = struct.pack("!BBH", t, code, 0) + rest + data
    c = csum(h) if cks is None else cks
    return h[:2] + struct.pack("!H", c) + h[4:]
A=[10,0,0,1]; B=[10,0,0,2]; G=[192,168,1,254]
MA=bytes.fromhex("020000000001"); MB=bytes.fromhex("020000000002"); BC=b"\xff"*6
def eth(dst, src, t, body): return dst+src+struct.pack("!H",t)+body
frames=[]
def add(f): frames.append(f)
# TCP: SACK, URG, ECE/CWR, named ports, data, RST with text
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40000,22,1000,0,0x02|0x40|0x80, opts=bytes.fromhex("020405b4")+b"\x04\x02"+b"\x01\x03\x03\x07")))) # SYN ECE CWR -> ssh
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,22,40000,5000,1001,0x12|0x40)))) # SYN-ACK ECE
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40000,22,1001,5001,0x10, opts=b"\x01\x01\x05\x0a"+struct.pack("!II",5101,5201))))) # ACK with SACK
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40000,22,1001,5001,0x10|0x20|0x08, urg=3, data=b"abc"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,80,40001,7,0,0x04, data=b"no such\nservice\x01\xff")))) # RST with text
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40002,80,1,0,0x02, opts=b"\x02\x04\x05\xb4\x08\x0a"+struct.pack("!II",1,0)+b"\x00\x00")))) # mss, TS, eol pad
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40003,443,1,0,0x02, opts=b"\x1c\x04\x81\x2c"+b"\xfd\x04\xab\xcd")))) # uto, unknown
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40004,8080,1,0,0x02, cks=0x1234)))) # bad tcp cksum
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40005,5555,1,0,0x00)))) # no flags
# UDP: bad cksum, no cksum, bad length, named port
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,40000,9999,b"hello", cks=0x4321))))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,40000,9999,b"hello", cks=0))))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,40000,9999,b"hello", ln=30))))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,40000,12345,b"x"*20))))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,40000,9999,b"hi", ln=4))))
# ICMP variants
def quoted(proto, body, src=A, dst=B): return ip(src, dst, proto, body, ident=77)
add(eth(MA,MB,0x800, ip(B,A,1, icmp(3,4,struct.pack("!HH",0,1400), quoted(6, tcp(A,B,40006,80,1,0,0x02))[:28]), tos=0xc0)))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(3,3,b"\0"*4, quoted(6, tcp(A,B,40007,22,1,0,0x02))[:28]), tos=0xc0)))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(3,13,b"\0"*4, quoted(17, udp(A,B,1,2,b"zz"))))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(3,10,b"\0"*4, quoted(17, udp(A,B,1,2,b"zz"))))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(12,0,struct.pack("!BBH",20,0,0), quoted(17, udp(A,B,1,2,b"zz"))))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(11,1,b"\0"*4, quoted(17, udp(A,B,1,2,b"zz"))))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(5,0,bytes(G), quoted(1, icmp(8,0,struct.pack("!HH",1,1),b"x"*8))))))
add(eth(MB,MA,0x800, ip(A,B,1, icmp(13,0,struct.pack("!HH",7,8), struct.pack("!III",3723004,0,0)))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(14,0,struct.pack("!HH",7,8), struct.pack("!III",3723004,3723005,3723006)))))
add(eth(MA,MB,0x800, ip(B,A,1, icmp(18,0,struct.pack("!HH",7,8), bytes([255,255,255,0])))))
add(eth(MB,MA,0x800, ip(A,B,1, icmp(8,0,struct.pack("!HH",9,9), b"data", cks=0xbeef))))
add(eth(MB,MA,0x800, ip(A,B,1, icmp(42,0,b"\0"*4, b""))))
add(eth(MB,MA,0x800, ip(A,B,1, icmp(10,0,b"\0"*4, b""))))
# IP: bad checksum, ECN, options TS/RA/LSRR, rsvd flag, other protos, frag without DF
add(eth(MB,MA,0x800, ip(A,B,1, icmp(8,0,struct.pack("!HH",1,2), b"ab"), cks=0x1111)))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"e"), tos=0x03)))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"e"), tos=0x12)))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"e"), tos=0x01)))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"t"), opts=b"\x44\x0c\x05\x00"+b"\0"*8)))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"t"), opts=b"\x44\x0c\x0d\x01"+bytes(A)+b"\0\0\0\x05")))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"r"), opts=b"\x01\x83\x07\x04"+bytes(G))))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"q"), flags=0x8000)))
add(eth(MB,MA,0x800, ip(A,B,253, b"\x01\x02\x03")))
add(eth(MB,MA,0x800, ip(A,B,99, b"\x01\x02\x03")))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1000,2000,b"f"*16)[:16], flags=0x2000)))
add(eth(MB,MA,0x800, ip(A,B,6, b"\x11"*8, flags=0x0003)))
# ARP: known target, gratuitous, reverse
add(eth(BC,MA,0x806, struct.pack("!HHBBH",1,0x800,6,4,1)+MA+bytes(A)+MB+bytes(B)))
add(eth(BC,MA,0x806, struct.pack("!HHBBH",1,0x800,6,4,2)+MA+bytes(A)+BC+bytes(A)))
add(eth(BC,MA,0x806, struct.pack("!HHBBH",1,0x800,6,4,3)+MA+bytes(A)+MA+bytes([0,0,0,0])))
add(eth(BC,MA,0x806, struct.pack("!HHBBH",1,0x800,6,4,1)+MA+bytes(A)+b"\0"*6+bytes(B)+b"\0"*18)) # padded to 60
# Text protocols
add(eth(MB,MA,0x800, ip(A,B,6, tcp(A,B,40010,80,1,1,0x18, data=b"GET /index.html HTTP/1.1\r\nHost: b\r\nUser-Agent: curl/7.88.1\r\n\r\n"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,8080,40011,1,1,0x18, data=b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,80,40012,1,1,0x18, data=b"partial body without end"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,22,40013,1,1,0x18, data=b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,21,40014,1,1,0x18, data=b"220 ProFTPD Server ready.\r\n"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,25,40015,1,1,0x18, data=b"220 mail ESMTP\r\n250 ok\r\n"))))
add(eth(MA,MB,0x800, ip(B,A,6, tcp(B,A,80,40016,1,1,0x18, data=b"GET /x HTTP/1.0\r\nHost: a"))))
# Unknown ethertype, padded IPv4
add(eth(MB,MA,0x88b5, b"hello, world 1234567"))
add(eth(MB,MA,0x800, ip(A,B,17, udp(A,B,1,2,b"p")) + b"\0"*17))
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1700000000 + i, 123456 + i, len(fr), len(fr)) + fr)
print(len(frames), "frames")
