// IPv6 addresses as 32 lowercase hex digits, so that data holding them stays plain JSON.
// Parsing follows inet_pton(3), printing inet_ntop(3) (RFC 5952: the longest run of two or
// more zero groups becomes "::", an embedded IPv4 tail for ::a.b.c.d and ::ffff:a.b.c.d).

export type Ipv6Hex = string;

function groupsOf(text: string): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const out: number[] = [];
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(p);
      if (!v4) return undefined;
      const b = v4.slice(1).map(Number);
      if (b.some((x) => x > 255)) return undefined;
      out.push(((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0));
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
    out.push(parseInt(p, 16));
  }
  return out;
}

/** inet_pton(AF_INET6): undefined when the text is not an IPv6 address. */
export function parseIpv6(text: string): Ipv6Hex | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head, ...Array<number>(fill).fill(0), ...tail].map((g) => g.toString(16).padStart(4, "0")).join("");
}

function groups(addr: Ipv6Hex): number[] {
  return Array.from({ length: 8 }, (_, i) => parseInt(addr.slice(i * 4, i * 4 + 4), 16));
}

/** inet_ntop(AF_INET6). */
export function formatIpv6(addr: Ipv6Hex): string {
  const g = groups(addr);
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { at: -1, len: 0 };
  const v4Tail = best.at === 0 && (best.len === 6 || (best.len === 5 && g[5] === 0xffff));
  const words = g.map((x) => x.toString(16));
  if (v4Tail) {
    const b = addr.slice(24);
    const dotted = [0, 2, 4, 6].map((i) => parseInt(b.slice(i, i + 2), 16)).join(".");
    return best.len === 6 ? `::${dotted}` : `::ffff:${dotted}`;
  }
  if (best.at < 0) return words.join(":");
  return `${words.slice(0, best.at).join(":")}::${words.slice(best.at + best.len).join(":")}`;
}
