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
 * Round-trip times (`time=0.045 ms`, the rtt line, the statistics' `time 1008ms`), tcpdump's
 * clock timestamps, and the kernel's random MAC addresses with the IPv6 link-local
 * addresses made from them.
 */
export function normaliseNet(script: string, t: NetTranscript): NetTranscript {
  const times = (s: string) =>
    s
      .replace(/time=\d+(\.\d+)? ms/g, "time=RTT ms")
      .replace(/rtt min\/avg\/max\/mdev = [\d./]+ ms/g, "rtt min/avg/max/mdev = RTT ms")
      .replace(/, time \d+ms/g, ", time Tms")
      .replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, "HH:MM:SS.uuuuuu ");
  const [step] = normaliseMacs([{ cmd: script, stdout: times(t.stdout), stderr: times(t.stderr), exit: t.exit }]);
  return { case: t.case, stdout: step?.stdout ?? "", stderr: step?.stderr ?? "", exit: t.exit };
}
