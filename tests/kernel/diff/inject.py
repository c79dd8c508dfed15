#!/usr/bin/python3
"""Packet injector and sniffer for nfsim's differential test against the kernel.

One process serves the cases of one harness worker, one case at a time, over JSON
lines on stdin/stdout (one request, one answer):

  {"op": "open", "passive": {"client": {"netns": N, "dev": "eth0", "mac": M}, ...},
   "dut": {"netns": N, "macs": {"client": M, "server": M}}}
      Opens an AF_PACKET socket on the passive hosts' interfaces (each made inside
      its namespace with setns, so one process listens in all of them at once) and
      a raw IPv4 socket in the dut.
  {"op": "send", "packet": {...case packet...}, "min_ms": 20, "quiet_ms": 20, "max_ms": 500}
      Reports frames that arrived since the last send as "strays", sends the
      packet (a frame from client/server to the dut's MAC, or a raw IPv4 packet
      from the dut's own stack), then collects what arrives at the passive hosts
      until nothing came for quiet_ms: {"arrivals": [...], "strays": [...]}.
  {"op": "drain"}  reports frames that arrived since the last send: {"strays": [...]}.
  {"op": "close"}  closes the case's sockets.

Packets are built with scapy and arrivals dissected with scapy into the fields of
nfsim's replay schema (../shared/replay-schema.md). Conventions the schema leaves
open: TCP window 8192, no TCP options, IP id 1, DF clear (scapy's defaults); a
payload of payload_len bytes 'x'; an ICMP error quotes the IPv4 header of `inner`
and the first 8 bytes of its transport header, as RFC 792 asks.
"""
import ctypes
import json
import os
import select
import socket
import sys
import time

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.l2 import Ether
from scapy.packet import Raw

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
TCP_FLAG_LETTERS = "FSRPAUEC"  # bit 0 (FIN) to bit 7 (CWR): the schema's order
ICMP_ERRORS = {3, 4, 5, 11, 12}
WINDOW = 8192

libc = ctypes.CDLL(None, use_errno=True)
HOME_NS = os.open("/proc/self/ns/net", os.O_RDONLY)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def in_netns(name, make):
    """Runs make() inside the named network namespace; sockets keep the namespace they were made in."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        setns(fd)
        return make()
    finally:
        os.close(fd)
        setns(HOME_NS)


def sniffer(dev):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((dev, ETH_P_ALL))
    s.setblocking(False)
    return s


def raw_ip():
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)


class Case:
    def __init__(self, req):
        self.passive = {}
        for host, p in req["passive"].items():
            sock = in_netns(p["netns"], lambda p=p: sniffer(p["dev"]))
            self.passive[host] = {"sock": sock, "mac": p["mac"], "dev": p["dev"]}
        self.dut_macs = req["dut"]["macs"]
        self.dut_raw = in_netns(req["dut"]["netns"], raw_ip)

    def close(self):
        for p in self.passive.values():
            p["sock"].close()
        self.dut_raw.close()


def l4_layer(p):
    proto = p["proto"]
    if proto == "tcp":
        return TCP(sport=p["sport"], dport=p["dport"], flags=p.get("flags", ""),
                   seq=p.get("seq", 0), ack=p.get("ack", 0), window=WINDOW)
    if proto == "udp":
        return UDP(sport=p["sport"], dport=p["dport"])
    icmp_type = p["icmp_type"]
    if icmp_type in ICMP_ERRORS:
        return ICMP(type=icmp_type, code=p.get("icmp_code", 0)) / Raw(quoted(p["inner"]))
    return ICMP(type=icmp_type, code=p.get("icmp_code", 0), id=p.get("icmp_id", 0), seq=p.get("icmp_seq", 0))


def quoted(inner):
    """The IPv4 header and first 8 transport bytes of the packet an ICMP error quotes."""
    if inner["proto"] == "icmp":
        l4 = ICMP(type=inner.get("icmp_type", 8), code=0, id=inner.get("icmp_id", 0), seq=inner.get("icmp_seq", 0))
    elif inner["proto"] == "tcp":
        l4 = TCP(sport=inner["sport"], dport=inner["dport"], seq=inner.get("seq", 0), flags="S", window=WINDOW)
    else:
        l4 = UDP(sport=inner["sport"], dport=inner["dport"])
    return bytes(IP(src=inner["src"], dst=inner["dst"]) / l4)[: 20 + 8]


def build_ip(p):
    pkt = IP(src=p["src"], dst=p["dst"], ttl=p.get("ttl", 64)) / l4_layer(p)
    n = p.get("payload_len", 0)
    if n and p["proto"] != "icmp":
        pkt = pkt / Raw(b"x" * n)
    return pkt


def send(case, p):
    pkt = build_ip(p)
    if p["from"] == "dut":
        try:
            case.dut_raw.sendto(bytes(pkt), (p["dst"], 0))
        except OSError:
            pass  # EPERM: the dut's OUTPUT or POSTROUTING dropped it, which is the dut's business
        return
    side = case.passive[p["from"]]
    frame = Ether(src=side["mac"], dst=case.dut_macs[p["from"]]) / pkt
    side["sock"].send(bytes(frame))


def flag_letters(bits):
    return "".join(letter for i, letter in enumerate(TCP_FLAG_LETTERS) if bits & (1 << i))


def describe_inner(raw):
    """The quoted packet of an ICMP error, in the schema's `inner` fields."""
    if len(raw) < 20:
        return None
    ip = IP(raw)
    ihl = ip.ihl * 4
    body = raw[ihl:]
    d = {"proto": {6: "tcp", 17: "udp", 1: "icmp"}.get(ip.proto, str(ip.proto)), "src": ip.src, "dst": ip.dst}
    if ip.proto in (6, 17) and len(body) >= 4:
        d["sport"] = int.from_bytes(body[0:2], "big")
        d["dport"] = int.from_bytes(body[2:4], "big")
    elif ip.proto == 1 and len(body) >= 8:
        d["icmp_type"] = body[0]
        d["icmp_id"] = int.from_bytes(body[4:6], "big")
    return d


def describe(frame):
    """An IPv4 frame in the schema's packet fields, or None for anything else (ARP...)."""
    eth = Ether(frame)
    if eth.type != 0x0800 or not isinstance(eth.payload, IP):
        return None
    ip = eth.payload
    raw = bytes(ip)[: ip.len]
    body = raw[ip.ihl * 4:]
    d = {"src": ip.src, "dst": ip.dst, "ttl": ip.ttl}
    if ip.proto == 6 and len(body) >= 20:
        tcp = TCP(body)
        d.update(proto="tcp", sport=tcp.sport, dport=tcp.dport, flags=flag_letters(int(tcp.flags)),
                 seq=tcp.seq, ack=tcp.ack, payload_len=len(body) - tcp.dataofs * 4)
    elif ip.proto == 17 and len(body) >= 8:
        udp = UDP(body)
        d.update(proto="udp", sport=udp.sport, dport=udp.dport, payload_len=len(body) - 8)
    elif ip.proto == 1 and len(body) >= 8:
        d.update(proto="icmp", icmp_type=body[0], icmp_code=body[1])
        if body[0] in ICMP_ERRORS:
            inner = describe_inner(body[8:])
            if inner is not None:
                d["inner"] = inner
        else:
            d["icmp_id"] = int.from_bytes(body[4:6], "big")
            d["icmp_seq"] = int.from_bytes(body[6:8], "big")
    else:
        d["proto"] = str(ip.proto)
    return d


def drain(case, out):
    """Reads every frame waiting on the passive hosts' sockets; true if any was read."""
    got = False
    for host, side in case.passive.items():
        while True:
            try:
                data, addr = side["sock"].recvfrom(65535)
            except BlockingIOError:
                break
            got = True
            if addr[2] == PACKET_OUTGOING:
                continue
            d = describe(data)
            if d is not None:
                out.append({"host": host, **d})
    return got


def collect(case, min_ms, quiet_ms, max_ms):
    """Arrivals until none came for quiet_ms (at least min_ms, at most max_ms after the send)."""
    arrivals = []
    start = last = time.monotonic()
    socks = [side["sock"] for side in case.passive.values()]
    while True:
        now = time.monotonic()
        deadline = min(start + max_ms / 1000, max(start + min_ms / 1000, last + quiet_ms / 1000))
        if now >= deadline:
            drain(case, arrivals)  # whatever came while this process was not running
            return arrivals
        ready, _, _ = select.select(socks, [], [], deadline - now)
        if ready and drain(case, arrivals):
            last = time.monotonic()


def serve():
    case = None
    for line in sys.stdin:
        req = json.loads(line)
        try:
            if req["op"] == "open":
                case = Case(req)
                answer = {"ok": True}
            elif req["op"] == "send":
                strays = []
                drain(case, strays)
                send(case, req["packet"])
                answer = {"arrivals": collect(case, req["min_ms"], req["quiet_ms"], req["max_ms"]), "strays": strays}
            elif req["op"] == "drain":
                strays = []
                drain(case, strays)
                answer = {"strays": strays}
            elif req["op"] == "close":
                if case is not None:
                    case.close()
                case = None
                answer = {"ok": True}
            else:
                answer = {"error": f"unknown op {req['op']}"}
        except Exception as e:  # the harness reports it with the case
            answer = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
