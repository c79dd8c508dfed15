// Header rewrites by the mangle targets (TOS, DSCP, TTL, ECN, TCPMSS, TCPOPTSTRIP). The
// kernel patches the checksums incrementally (csum_replace2, inet_proto_csum_replace*); here
// the changed header drops the checksum it was received with, so that emit computes the
// right one again.
import type { PacketState } from "../context.ts";
import type { Ipv4Header, TcpHeader } from "../../wire/packet.ts";

type Changes<H> = { -readonly [K in keyof H]?: H[K] };

/** Replaces fields of the IP header (the header checksum is recomputed). */
export function rewriteIp(packet: PacketState, changes: Changes<Omit<Ipv4Header, "checksum">>): void {
  const { checksum: _old, ...ip } = packet.ip;
  packet.ip = { ...ip, ...changes };
}

/** Replaces fields of the TCP header (the TCP checksum is recomputed); no-op for other transports. */
export function rewriteTcp(packet: PacketState, changes: Changes<Omit<TcpHeader, "checksum" | "kind">>): void {
  if (packet.l4.kind !== "tcp") return;
  const { checksum: _old, ...tcp } = packet.l4;
  packet.l4 = { ...tcp, ...changes };
}
