// pfctl's own parse-and-print tests (../shared/peer-tests/pf/*/pfNNNN.in and .ok) through
// nfsim's `pfctl -nvf`. The files come from FreeBSD, whose pf has grown syntax macOS's pf
// never had (match, nat-to, ethernet rules, ALTQ, ...): those files are counted apart.
// FreeBSD's pfctl prints ports by service name ("port = ftp") where macOS's prints the
// number ("port = 21", as real Macs show): the .ok is read with numbers for names.
import { loadRules, newPfState, serviceByName, type HostInterface } from "../../pf/index.ts";

/** Words of pf.conf syntax macOS's pf does not have, with what they are. */
const NOT_MACOS: readonly [RegExp, string][] = [
  [/^\s*ether\b/m, "ethernet rules are FreeBSD's"],
  [/^\s*(altq|queue)\b/m, "ALTQ (macOS has no ALTQ)"],
  [/^\s*match\b/m, "match rules (OpenBSD 4.6+)"],
  [/\b(nat-to|rdr-to|binat-to|af-to)\b/, "nat-to/rdr-to translation (OpenBSD 4.7+)"],
  [/\b(set-prio|prio)\b/, "priorities (OpenBSD 5.0+)"],
  [/\b(received-on|max-pkt-rate|max-pkt-size|keepcounters|ridentifier|once|dnpipe|dnqueue|divert-to|divert-reply|divert-packet)\b/, "FreeBSD-only rule options"],
  [/\bset\s+(syncookies|keepcounters|state-defaults|reassemble|timeout\s+\{?\s*sctp)/, "FreeBSD-only options"],
  [/\btable\s+<[^>]*>[^\n]*\bcounters\b/, "table counters (not in macOS's pf)"],
  [/\b(sctp)\b/, "SCTP (not in macOS's pf)"],
];

export function macosLacks(text: string): string | undefined {
  return NOT_MACOS.find(([re]) => re.test(text))?.[1];
}

/** FreeBSD's "port = ftp" as macOS prints it: "port = 21". */
export function numericPorts(ok: string): string {
  return ok.replace(/\bport (=|!=) ([a-z][a-z0-9-]*)\b/g, (m, op: string, name: string) => {
    const n = serviceByName(name);
    return n === undefined ? m : `port ${op} ${String(n)}`;
  });
}

export interface PeerResult {
  readonly file: string;
  readonly macos: boolean;
  /** Why macOS's pf would not take it. */
  readonly lacks?: string;
  readonly pass: boolean;
  readonly expected: string;
  readonly actual: string;
  readonly stderr: string;
}

/** The interfaces of the machine FreeBSD's tests run on: lo0 only. */
const TEST_INTERFACES: readonly HostInterface[] = [
  {
    name: "lo0",
    loopback: true,
    addrs: [
      { addr: { af: 4, hex: "7f000001" }, bits: 8 },
      { addr: { af: 6, hex: "00000000000000000000000000000001" }, bits: 128 },
      { addr: { af: 6, hex: "fe800000000000000000000000000001" }, bits: 64 },
    ],
  },
];

/**
 * One test: `pfctl -nvf NAME.in` must print NAME.ok (and fail when NAME.fail exists).
 * `read` gives the files beside it (for `include`).
 */
export function runPfPeer(name: string, input: string, ok: string | undefined, shouldFail: boolean, read: (path: string) => string | undefined): PeerResult {
  const file = `${name}.in`;
  const r = loadRules(newPfState(), file, {
    verbose: 1,
    noAction: true,
    anchor: "",
    readFile: (p) => (p === file ? input : read(p)),
    interfaces: TEST_INTERFACES,
    now: 0,
  });
  const lacks = macosLacks(input);
  const expected = ok === undefined ? "" : numericPorts(ok);
  const pass = shouldFail ? !r.ok : r.ok && r.out === expected;
  return { file: name, macos: lacks === undefined, ...(lacks ? { lacks } : {}), pass, expected, actual: r.out, stderr: r.err };
}
