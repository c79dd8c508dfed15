// What macOS's ping prints about packets (network_cmds-741 ping.tproj/ping.c): pr_icmph's
// words for an ICMP message, pr_retip/pr_iph's dump of the header an ICMP error quotes,
// and printf's "%.Nf" for the round-trip numbers.

/** printf("%.Nf"): JavaScript's toFixed, but an exact tie rounds to even as glibc and Libc do. */
export function fixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  const scaled = x * 10 ** digits;
  if (Math.abs(scaled % 1) === 0.5) {
    const down = Math.trunc(scaled);
    const even = down % 2 === 0 ? down : down + Math.sign(scaled);
    return (even / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

const UNREACH: readonly string[] = [
  "Destination Net Unreachable",
  "Destination Host Unreachable",
  "Destination Protocol Unreachable",
  "Destination Port Unreachable",
];

/** pr_icmph's first line for a destination unreachable (ping.c: codes 0-5 and 13 have words). */
function unreachText(code: number, nextMtu: number): string {
  const known = UNREACH[code];
  if (known !== undefined) return known;
  if (code === 4) return `frag needed and DF set (MTU ${String(nextMtu)})`;
  if (code === 5) return "Source Route Failed";
  if (code === 13) return "Communication prohibited by filter";
  return `Dest Unreachable, Bad Code: ${String(code)}`;
}

const QUERIES: Readonly<Record<number, string>> = {
  0: "Echo Reply", 8: "Echo Request", 13: "Timestamp", 14: "Timestamp Reply", 15: "Information Request",
  16: "Information Reply", 17: "Address Mask Request", 18: "Address Mask Reply", 9: "Router Advertisement", 10: "Router Solicitation",
};

/** pr_icmph's line for an ICMP error type, and whether the quoted header follows (pr_retip). */
export function icmpText(type: number, code: number, rest: number): { text: string; quotes: boolean } {
  if (type === 3) return { text: unreachText(code, rest & 0xffff), quotes: true };
  if (type === 4) return { text: "Source Quench", quotes: true };
  if (type === 11) {
    const t = code === 0 ? "Time to live exceeded" : code === 1 ? "Frag reassembly time exceeded" : `Time exceeded, Bad Code: ${String(code)}`;
    return { text: t, quotes: true };
  }
  if (type === 12) return { text: `Parameter problem: pointer = 0x${((rest >>> 24) & 0xff).toString(16).padStart(2, "0")}`, quotes: true };
  const q = QUERIES[type];
  return { text: q ?? `Bad ICMP type: ${String(type)}`, quotes: false };
}

const hex = (n: number, w: number): string => n.toString(16).padStart(w, "0");
const quad = (b: readonly number[], at: number): string => [0, 1, 2, 3].map((i) => String(b[at + i] ?? 0)).join(".");
const be16 = (b: readonly number[], at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

/**
 * pr_retip → pr_iph for the quoted header. xnu's icmp_input has turned the quoted ip_len to
 * host order (NTOHS before the raw sockets get the packet) and ping swaps it again, so a
 * little-endian Mac prints it byte-swapped (84 shows as 5400); ip_off goes through ntohl
 * on a 16-bit field, which leaves flags and offset 0.
 */
export function quotedHeaderText(q: readonly number[]): string {
  const hl = (q[0] ?? 0x45) & 15;
  const len = be16(q, 2);
  const swapped = ((len & 0xff) << 8) | (len >> 8);
  let out = "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst\n";
  out += ` ${hex((q[0] ?? 0) >> 4, 1)}  ${hex(hl, 1)}  ${hex(q[1] ?? 0, 2)} ${hex(swapped, 4)} ${hex(be16(q, 4), 4)}`;
  out += `   0 0000  ${hex(q[8] ?? 0, 2)}  ${hex(q[9] ?? 0, 2)} ${hex(be16(q, 10), 4)}`;
  out += ` ${quad(q, 12)}  ${quad(q, 16)} `;
  for (let i = 20; i < hl * 4; i++) out += hex(q[i] ?? 0, 2);
  out += "\n";
  const l4 = hl * 4;
  const proto = q[9];
  if (proto === 6 || proto === 17) {
    out += `${proto === 6 ? "TCP" : "UDP"}: from port ${String(be16(q, l4))}, to port ${String(be16(q, l4 + 2))} (decimal)\n`;
  }
  return out;
}
