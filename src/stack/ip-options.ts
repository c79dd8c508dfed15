// The IPv4 record route option (RFC 791 section 3.1, "Record Route") as the kernel keeps it
// (net/ipv4/ip_options.c): the sender writes its own source (ip_options_build); every
// host a packet arrives at takes a slot (ip_options_compile's spec_dst: the address the
// packet was for, or facing its sender), which a router then overwrites with the address
// it forwards from (ip_forward_options with ip_rt_get_source); an echo reply or ICMP error
// carries the option back with a slot for its own source (ip_options_echo). Other options
// travel untouched and are not echoed.
//
//    +--------+--------+--------+---------//--------+
//    |00000111| length | pointer|     route data    |
//    +--------+--------+--------+---------//--------+
import { be16, put32 } from "../wire/bytes.ts";
import { emitIpv4Header, IPOPT, IPOPT_MINOFF as MINOFF } from "../wire/ip.ts";
import type { Ipv4 } from "../wire/ipv4.ts";
import type { Ipv4Header } from "../wire/packet.ts";

/** Where the record route option starts in the option bytes, if there is one. */
function findRr(options: readonly number[]): number | undefined {
  for (let at = 0; at < options.length;) {
    const code = options[at] ?? IPOPT.END;
    if (code === IPOPT.END) return undefined;
    if (code === IPOPT.NOOP) {
      at++;
      continue;
    }
    if (code === IPOPT.RR) return at;
    const len = options[at + 1] ?? 0;
    if (len < 2) return undefined;
    at += len;
  }
  return undefined;
}

/**
 * The option bytes with `addr` recorded in the next free slot. A full route (pointer past
 * the length) is left alone, as ip_options_compile leaves rr_needaddr unset.
 */
export function recordRoute(options: readonly number[], addr: Ipv4): readonly number[] {
  const at = findRr(options);
  if (at === undefined) return options;
  const len = options[at + 1] ?? 0;
  const ptr = options[at + 2] ?? 0;
  if (ptr < MINOFF || ptr + 3 > len || at + len > options.length) return options;
  const out = [...options];
  const slot = at + ptr - 1;
  put32(out, slot, addr);
  out[at + 2] = ptr + 4;
  return out;
}

/**
 * ip_rcv_options → ip_options_compile on arrival: `addr` recorded in place. Nothing
 * recomputes the header checksum there, so the header keeps the one it came with (an ICMP
 * error quoting it shows it bad); `recorded` says whether a slot was taken (rr_needaddr).
 */
export function recordOnArrival(ip: Ipv4Header, addr: Ipv4): { ip: Ipv4Header; recorded: boolean } {
  const options = recordRoute(ip.options, addr);
  if (options === ip.options) return { ip, recorded: false };
  return { ip: { ...ip, options, checksum: ip.checksum ?? headerChecksum(ip) }, recorded: true };
}

/** ip_forward_options: the slot taken on arrival gets the address the packet leaves from, and ip_send_check a fresh checksum. */
export function rewriteLastHop(ip: Ipv4Header, addr: Ipv4): Ipv4Header {
  const at = findRr(ip.options);
  const ptr = at === undefined ? 0 : (ip.options[at + 2] ?? 0);
  const { checksum: _stale, ...rest } = ip;
  if (at === undefined || ptr < MINOFF + 4) return rest;
  const options = [...ip.options];
  const slot = at + ptr - 5;
  put32(options, slot, addr);
  return { ...rest, options };
}

/** The checksum field the header has as it is (emit computes it when the field is absent). */
function headerChecksum(ip: Ipv4Header): number {
  return be16(emitIpv4Header(ip), 10);
}

/** ip_options_echo: the request's record route option for the reply, padded with EOL to whole words. */
export function echoOptions(options: readonly number[]): readonly number[] {
  const at = findRr(options);
  if (at === undefined) return [];
  const len = options[at + 1] ?? 0;
  if (len < 3 || at + len > options.length) return [];
  const out = options.slice(at, at + len);
  while (out.length % 4 !== 0) out.push(IPOPT.END);
  return out;
}
