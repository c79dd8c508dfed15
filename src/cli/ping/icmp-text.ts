// pr_icmph (iputils ping/ping.c): the words ping prints after "From ADDR icmp_seq=N".

const UNREACH: readonly string[] = [
  "Destination Net Unreachable",
  "Destination Host Unreachable",
  "Destination Protocol Unreachable",
  "Destination Port Unreachable",
  "", // fragmentation needed: with the MTU, below
  "Source Route Failed",
  "Destination Net Unknown",
  "Destination Host Unknown",
  "Source Host Isolated",
  "Destination Net Prohibited",
  "Destination Host Prohibited",
  "Destination Net Unreachable for Type of Service",
  "Destination Host Unreachable for Type of Service",
  "Packet filtered",
  "Precedence Violation",
  "Precedence Cutoff",
];

const REDIRECT: readonly string[] = ["Redirect Network", "Redirect Host", "Redirect Type of Service and Network", "Redirect Type of Service and Host"];

function unreach(code: number, info: number): string {
  if (code === 4) return `Frag needed and DF set (mtu = ${String(info & 0xffff)})`;
  return UNREACH[code] ?? `Dest Unreachable, Bad Code: ${String(code)}`;
}

export function describeIcmp(type: number, code: number, info: number): string {
  switch (type) {
    case 0: return "Echo Reply";
    case 3: return unreach(code, info);
    case 4: return "Source Quench";
    case 5: return `${REDIRECT[code] ?? `Redirect, Bad Code: ${String(code)}`}(New nexthop: ${[info >>> 24, (info >>> 16) & 255, (info >>> 8) & 255, info & 255].join(".")})`;
    case 8: return "Echo Request";
    case 11: return code === 0 ? "Time to live exceeded" : code === 1 ? "Frag reassembly time exceeded" : `Time exceeded, Bad Code: ${String(code)}`;
    case 12: return `Parameter problem: pointer = ${String(info >>> 24)}`;
    case 13: return "Timestamp";
    case 14: return "Timestamp Reply";
    case 15: return "Information Request";
    case 16: return "Information Reply";
    case 17: return "Address Mask Request";
    case 18: return "Address Mask Reply";
    default: return `Bad ICMP type: ${String(type)}`;
  }
}
