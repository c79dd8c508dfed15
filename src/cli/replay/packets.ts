// The packets of a replay case on the wire, both ways: a case packet built as the
// harness's injector builds it on the kernel side (tests/kernel/diff/inject.py, with
// scapy's defaults: IP id 1, DF clear, TCP window 8192 and no options, a payload of
// payload_len bytes 'x', an ICMP error quoting the IPv4 header and first 8 transport
// bytes of `inner`), and a frame that arrived at a passive host read back into the
// schema's fields exactly as inject.py's `describe` reads it.
import { be16, be32 } from "../../wire/bytes.ts";
import { emitIpv4Packet, emitTransport, IPV4_HEADER_LEN, parseIpv4Packet } from "../../wire/ip.ts";
import { formatIpv4, parseIpv4Strict } from "../../wire/ipv4.ts";
import { IPPROTO, type Ipv4Header, type Ipv4Packet, type Transport } from "../../wire/packet.ts";
import { ICMP_ERROR_TYPES, PACKET_DEFAULTS, type Arrival, type Inner, type PacketFields, type Proto } from "./schema.ts";

const WINDOW = 8192;
const PROTO_NUMBER: Readonly<Record<Proto, number>> = { tcp: IPPROTO.TCP, udp: IPPROTO.UDP, icmp: IPPROTO.ICMP };
/** The schema's flag letters, bit 0 (FIN) to bit 7 (CWR). */
const FLAG_LETTERS = "FSRPAUEC";

function addr(text: string): number {
  const a = parseIpv4Strict(text);
  if (a === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return a;
}

export function flagBits(letters: string): number {
  return [...FLAG_LETTERS].reduce((bits, l, i) => (letters.includes(l) ? bits | (1 << i) : bits), 0);
}

function flagLetters(bits: number): string {
  return [...FLAG_LETTERS].filter((_l, i) => (bits & (1 << i)) !== 0).join("");
}

/** An IPv4 packet with scapy's header defaults, its length and checksums filled in. */
function ipPacket(src: string, dst: string, proto: number, ttl: number, l4: Transport, payload: readonly number[]): Ipv4Packet {
  const stub: Ipv4Header = { src: addr(src), dst: addr(dst), proto, ttl, tos: 0, length: 0, id: 1, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] };
  const body = emitTransport({ ip: stub, l4, payload });
  const bytes = emitIpv4Packet({ ip: { ...stub, length: IPV4_HEADER_LEN + body.length }, l4, payload });
  const parsed = parseIpv4Packet(bytes);
  if (parsed === undefined) throw new Error("built an IPv4 packet that does not parse");
  return parsed.packet;
}

/** inject.py `quoted`: the IPv4 header and first 8 transport bytes of the packet an ICMP error quotes. */
function quoted(inner: Inner): number[] {
  let l4: Transport;
  if (inner.proto === "icmp") l4 = { kind: "icmp", type: inner.icmp_type ?? 8, code: 0, id: inner.icmp_id ?? 0, seq: inner.icmp_seq ?? 0 };
  else if (inner.proto === "tcp") l4 = { kind: "tcp", sport: inner.sport ?? 0, dport: inner.dport ?? 0, seq: inner.seq ?? 0, ack: 0, flags: flagBits("S"), window: WINDOW, options: [] };
  else l4 = { kind: "udp", sport: inner.sport ?? 0, dport: inner.dport ?? 0 };
  const p = ipPacket(inner.src, inner.dst, PROTO_NUMBER[inner.proto], 64, l4, []);
  return [...emitIpv4Packet(p).subarray(0, IPV4_HEADER_LEN + 8)];
}

function icmpLayer(p: PacketFields): { l4: Transport; payload: number[] } {
  const type = p.icmp_type ?? 0;
  const code = p.icmp_code ?? 0;
  if (ICMP_ERROR_TYPES.has(type) && p.inner !== undefined) return { l4: { kind: "icmp", type, code, id: 0, seq: 0, rest: 0 }, payload: quoted(p.inner) };
  const id = p.icmp_id ?? PACKET_DEFAULTS.icmp_id;
  const seq = p.icmp_seq ?? PACKET_DEFAULTS.icmp_seq;
  // scapy writes id and seq into the second word whatever the type.
  return { l4: { kind: "icmp", type, code, id, seq, rest: ((id << 16) | seq) >>> 0 }, payload: [] };
}

/** A case packet as the harness puts it on the wire (inject.py `build_ip`). */
export function buildCasePacket(p: PacketFields): Ipv4Packet {
  const ttl = p.ttl ?? PACKET_DEFAULTS.ttl;
  const data = Array.from({ length: p.payload_len ?? 0 }, () => 0x78);
  switch (p.proto) {
    case "tcp": {
      const l4: Transport = { kind: "tcp", sport: p.sport ?? 0, dport: p.dport ?? 0, seq: p.seq ?? 0, ack: p.ack ?? 0, flags: flagBits(p.flags ?? ""), window: WINDOW, options: [] };
      return ipPacket(p.src, p.dst, IPPROTO.TCP, ttl, l4, data);
    }
    case "udp":
      return ipPacket(p.src, p.dst, IPPROTO.UDP, ttl, { kind: "udp", sport: p.sport ?? 0, dport: p.dport ?? 0 }, data);
    case "icmp": {
      const { l4, payload } = icmpLayer(p);
      return ipPacket(p.src, p.dst, IPPROTO.ICMP, ttl, l4, payload);
    }
  }
}

const PROTO_NAME: Readonly<Record<number, Proto>> = { [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.ICMP]: "icmp" };

type Described = Omit<Arrival, "host">;

/** inject.py `describe_inner`: the quoted packet of an ICMP error. */
function describeInner(raw: Uint8Array): Inner | undefined {
  if (raw.length < IPV4_HEADER_LEN) return undefined;
  const proto = raw[9] ?? 0;
  const body = raw.subarray(((raw[0] ?? 0) & 0x0f) * 4);
  const d = { proto: (PROTO_NAME[proto] ?? String(proto)) as Proto, src: formatIpv4(be32(raw, 12)), dst: formatIpv4(be32(raw, 16)) };
  if ((proto === IPPROTO.TCP || proto === IPPROTO.UDP) && body.length >= 4) return { ...d, sport: be16(body, 0), dport: be16(body, 2) };
  if (proto === IPPROTO.ICMP && body.length >= 8) return { ...d, icmp_type: body[0] ?? 0, icmp_id: be16(body, 4) };
  return d;
}

function describeTransport(proto: number, body: Uint8Array): Partial<Described> {
  if (proto === IPPROTO.TCP && body.length >= 20) {
    const dataOffset = ((body[12] ?? 0) >> 4) * 4;
    return {
      proto: "tcp", sport: be16(body, 0), dport: be16(body, 2), flags: flagLetters(body[13] ?? 0),
      seq: be32(body, 4), ack: be32(body, 8), payload_len: body.length - dataOffset,
    };
  }
  if (proto === IPPROTO.UDP && body.length >= 8) return { proto: "udp", sport: be16(body, 0), dport: be16(body, 2), payload_len: body.length - 8 };
  if (proto === IPPROTO.ICMP && body.length >= 8) {
    const type = body[0] ?? 0;
    const base = { proto: "icmp", icmp_type: type, icmp_code: body[1] ?? 0 } as const;
    if (!ICMP_ERROR_TYPES.has(type)) return { ...base, icmp_id: be16(body, 4), icmp_seq: be16(body, 6) };
    const inner = describeInner(body.subarray(8));
    return inner === undefined ? base : { ...base, inner };
  }
  return { proto: String(proto) };
}

/** inject.py `describe`: an IPv4 frame in the schema's fields, or undefined for anything else (ARP...). */
export function describeFrame(frame: Uint8Array): Described | undefined {
  if (frame.length < 14 + IPV4_HEADER_LEN || be16(frame, 12) !== 0x0800 || (frame[14] ?? 0) >> 4 !== 4) return undefined;
  const ip = frame.subarray(14);
  const raw = ip.subarray(0, be16(ip, 2));
  const body = raw.subarray(((raw[0] ?? 0) & 0x0f) * 4);
  const d = { src: formatIpv4(be32(raw, 12)), dst: formatIpv4(be32(raw, 16)), ttl: raw[8] ?? 0 };
  return { ...d, ...describeTransport(raw[9] ?? 0, body) } as Described;
}
