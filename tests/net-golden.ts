// The net golden cases (tests/golden/net/cases/*.sh): whole shell scripts of ip, iptables,
// ping, nc, tcpdump and nsenter, run once by a real sh in a private host and once by
// `nfsim run`, compared on stdout, stderr and exit status after normalising only what
// the real kernel and tools make vary from run to run.
import { normaliseMacs } from "./ip-golden.ts";

export interface NetTranscript {
  readonly case: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

const HEREDOC = "NFSIM_TYPED";

/** A line that starts a shell in a namespace, as a user types it: `nsenter --net=…` or `ip netns exec NS sh`. */
function entersShell(line: string): string | undefined {
  const t = line.trim();
  if (/^nsenter(\s+-\S+)*$/.test(t)) return `${t} sh`;
  if (/^nsenter(\s+-\S+)*\s+(sh|bash|\/bin\/sh|\/bin\/bash)$/.test(t)) return t;
  if (/^ip\s+netns\s+exec\s+\S+\s+(sh|bash|\/bin\/sh|\/bin\/bash)$/.test(t)) return t;
  return undefined;
}

/**
 * What a user types into an interactive shell, as a script a real sh runs the same way: a
 * line that starts a shell in a namespace takes the following lines up to its `exit` as
 * that shell's input (a here-document). A script's nested shell would otherwise read the
 * script's own standard input. (The here-document adds one line per block.)
 */
export function forRealShell(script: string): string {
  const out: string[] = [];
  let open = false;
  for (const line of script.split("\n")) {
    const start = open ? undefined : entersShell(line);
    if (start !== undefined) {
      out.push(`${start} <<'${HEREDOC}'`);
      open = true;
      continue;
    }
    out.push(line);
    if (open && /^\s*exit(\s+\d+)?\s*$/.test(line)) {
      out.push(HEREDOC);
      open = false;
    }
  }
  if (open) out.push(HEREDOC);
  return out.join("\n");
}

/**
 * The port of the netlink request behind a conntrack event: the real `conntrack -D` binds
 * a random one and `-F` its pid, and `progname=` appears only if that command is still
 * alive when the event is read (a race).
 */
const USERSPACE = / \[USERSPACE\] portid=\d+( progname=\S+)?/g;
/**
 * The id of a conntrack entry (-o id, -o xml): nf_ct_get_id hashes the entry's kernel
 * address under a key drawn at boot; nfsim numbers entries as it confirms them.
 */
const CT_ID = /( use=\d+) id=\d+$|<id>\d+<\/id>/gm;
/** A line of `conntrack -L`/`-D` (plain, -o extended, -o id, -o xml or -o save), or a [DESTROY] event of a flush. */
const CT_LINE = /^((ipv4 +2 )?[a-z0-9]+ +\d+ \d+ .* use=\d+( id=\S+)?|\[DESTROY\] .*|<flow>.*<\/flow>|-[AD] -t \d+ -u .*)$/;

/** A conntrack entry, event, -o save or expectation line split around its remaining-timeout column. */
const CT_TIMEOUT = /^((?: *\[[A-Z]+\] )?(?:(?:ipv4 +2 )?[a-z0-9]+ +\d+ |(?=\d+ proto=))|-[ADU] -t )(\d+)( .*)$/;

/**
 * The kernel lists its connection table by hash bucket, under a hash seed drawn at boot
 * (nf_conntrack_core.c nf_conntrack_hash_rnd), and flushes it in the same order: runs of
 * consecutive entry lines are compared sorted. nfsim lists in confirmation order.
 */
export function conntrackOrder(text: string): string {
  // Sorted without the seconds left, which alignConntrackTimeouts may still adjust.
  const key = (line: string) => line.replace(CT_TIMEOUT, "$1$3");
  const byEntry = (a: string, b: string) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const out: string[] = [];
  let run: string[] = [];
  for (const line of text.split("\n")) {
    if (CT_LINE.test(line)) {
      run.push(line);
      continue;
    }
    out.push(...run.sort(byEntry), line);
    run = [];
  }
  out.push(...run.sort(byEntry));
  return out.join("\n");
}

/**
 * The seconds left that `conntrack -L` shows run on the real clock, which keeps going
 * while each command of the case starts (tens of ms apiece on a loaded machine), where
 * nfsim's virtual clock stands still between commands: after enough commands the real
 * count has dropped by one second more. A real line that shows exactly one second less
 * than nfsim's, and is otherwise the same, takes nfsim's count; nothing else changes.
 */
export function alignConntrackTimeouts(want: NetTranscript, got: NetTranscript): NetTranscript {
  const align = (real: string, sim: string) => {
    const simLines = sim.split("\n");
    return real
      .split("\n")
      .map((line, i) => {
        const r = CT_TIMEOUT.exec(line);
        const s = CT_TIMEOUT.exec(simLines[i] ?? "");
        if (r === null || s === null || r[1] !== s[1] || r[3] !== s[3] || Number(r[2]) + 1 !== Number(s[2])) return line;
        return `${r[1] ?? ""}${s[2] ?? ""}${r[3] ?? ""}`;
      })
      .join("\n");
  };
  return { ...want, stdout: align(want.stdout, got.stdout) };
}

/**
 * Round-trip times (`time=0.045 ms`, the rtt line and its `ipg/ewma` gap and moving average
 * under ping -f/-A, the statistics' `time 1008ms`), tcpdump's
 * clock timestamps, and the kernel's random MAC addresses with the IPv6 link-local
 * addresses made from them; for conntrack, the order of table listings, the port of the
 * command behind a [USERSPACE] event (conntrackOrder) and the timestamps' dates.
 */
export function normaliseNet(script: string, t: NetTranscript): NetTranscript {
  // nf_conntrack_timestamp: the wall-clock dates and ns of an entry's start and stop, and
  // delta-time's whole seconds, which depend on where in its second the entry started.
  const stamps = (s: string) =>
    s
      .replace(/\[(start|stop)=[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\]/g, "[$1=DATE]")
      .replace(/<(start|stop)>\d+<\/(start|stop)>/g, "<$1>NS</$2>")
      .replace(/delta-time=\d+/g, "delta-time=N")
      .replace(/<deltatime>\d+<\/deltatime>/g, "<deltatime>N</deltatime>");
  const times = (s: string) =>
    s
      .replace(/time=\d+(\.\d+)? ms/g, "time=RTT ms")
      .replace(/rtt min\/avg\/max\/mdev = [\d./]+ ms/g, "rtt min/avg/max/mdev = RTT ms")
      .replace(/ipg\/ewma [\d./]+ ms/g, "ipg/ewma IPG ms")
      .replace(/, time \d+ms/g, ", time Tms")
      .replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "HH:MM:SS.uuuuuu ");
  const ct = (s: string) =>
    conntrackOrder(stamps(times(s)).replace(USERSPACE, " [USERSPACE] portid=PORTID").replace(CT_ID, (_m, use?: string) => (use === undefined ? "<id>ID</id>" : `${use} id=ID`)));
  const [step] = normaliseMacs([{ cmd: script, stdout: ct(t.stdout), stderr: ct(t.stderr), exit: t.exit }]);
  return { case: t.case, stdout: step?.stdout ?? "", stderr: step?.stderr ?? "", exit: t.exit };
}
