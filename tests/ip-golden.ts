// The ip golden-case format and the normalisation shared by the capture script, the replay
// test and the live test. A case is a shell script: one command per line, `#` comments, and
// a line ending in `<<EOF` takes the following lines up to `EOF` with it (a here-document).
// Each command runs as `sh -c COMMAND` in one private host (`unshare --mount --net`).

export interface IpStep {
  cmd: string;
  stdout: string;
  stderr: string;
  exit: number;
}

export interface IpTranscript {
  case: string;
  steps: IpStep[];
}

export function parseIpCase(text: string): string[] {
  const cmds: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!/<<\s*'?EOF'?$/.test(line)) {
      cmds.push(line);
      continue;
    }
    const body = [line];
    for (i++; i < lines.length && lines[i] !== "EOF"; i++) body.push(lines[i] ?? "");
    cmds.push(`${body.join("\n")}\nEOF`);
  }
  return cmds;
}

const MAC = /(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?![0-9a-f:])/g;
const LINK_LOCAL = /(?<![0-9a-f:])fe80::[0-9a-f:]*[0-9a-f]/g;

/** eth_random_addr: locally administered (0x02 set) and unicast (0x01 clear) in the first octet. */
function randomLooking(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return (first & 0x03) === 0x02;
}

/** The 8 groups of an IPv6 address written with at most one `::`. */
function expandIpv6(text: string): number[] | undefined {
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return undefined;
  return [...left, ...Array<string>(fill).fill("0"), ...right].map((g) => parseInt(g, 16));
}

/** The MAC an EUI-64 interface identifier was made from (RFC 4291 appendix A), if it is one. */
function macOfLinkLocal(addr: string): string | undefined {
  const g = expandIpv6(addr);
  if (g === undefined || g.length !== 8 || g.some((x) => Number.isNaN(x))) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = g.slice(4);
  if ((b & 0xff) !== 0xff || c >> 8 !== 0xfe) return undefined;
  const bytes = [(a >> 8) ^ 2, a & 0xff, b >> 8, c & 0xff, d >> 8, d & 0xff];
  return bytes.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

function placeholderMac(n: number): string {
  return `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, "0")}:${(n & 0xff).toString(16).padStart(2, "0")}`;
}

/** fe80::/64 address of a MAC, compressed as inet_ntop prints it. */
function linkLocalOf(mac: string): string {
  const b = mac.split(":").map((x) => parseInt(x, 16));
  const groups = [((b[0] ?? 0) ^ 2) * 256 + (b[1] ?? 0), (b[2] ?? 0) * 256 + 0xff, 0xfe00 + (b[3] ?? 0), (b[4] ?? 0) * 256 + (b[5] ?? 0)];
  const tail = groups.map((x) => x.toString(16));
  // fe80:0:0:0 then the identifier: the run of zeros after fe80 is the longest unless the identifier has a longer one.
  const full = ["fe80", "0", "0", "0", ...tail];
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (full[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && full[j] === "0") j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return full.join(":");
  return `${full.slice(0, best.at).join(":")}::${full.slice(best.at + best.len).join(":")}`;
}

/**
 * Replaces each MAC the kernel chose at random (locally administered unicast ones) with
 * 02:00:00:00:00:01, :02, ... in the order
 * first seen across the transcript, and each fe80:: address made from such a MAC with the one
 * made from its placeholder. MACs written in the case's own commands are kept.
 */
export function normaliseMacs(steps: readonly IpStep[]): IpStep[] {
  const keep = new Set(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"]);
  for (const s of steps) for (const m of s.cmd.toLowerCase().match(MAC) ?? []) keep.add(m);
  const map = new Map<string, string>();
  const macFor = (mac: string) => {
    if (keep.has(mac) || !randomLooking(mac)) return mac;
    let p = map.get(mac);
    if (p === undefined) {
      p = placeholderMac(map.size + 1);
      map.set(mac, p);
    }
    return p;
  };
  const fix = (text: string) =>
    text.replace(new RegExp(`${MAC.source}|${LINK_LOCAL.source}`, "g"), (m) => {
      if (!m.startsWith("fe80::")) return macFor(m);
      const mac = macOfLinkLocal(m);
      return mac === undefined || keep.has(mac) || !randomLooking(mac) ? m : linkLocalOf(macFor(mac));
    });
  return steps.map((s) => ({ ...s, stdout: fix(s.stdout), stderr: fix(s.stderr) }));
}

/** Everything a step printed, as the replay compares it. */
export interface StepResult {
  stdout: string;
  stderr: string;
  exit: number;
}
