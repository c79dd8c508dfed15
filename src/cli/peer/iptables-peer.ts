// iptables' own rule-spec tests (extensions/*.t of the iptables project), run through nfsim
// as iptables-test.py runs them against the nf_tables backend.
import { runCommand } from "../run.ts";
import { newWorld, type World } from "../../world/world.ts";

export interface LineResult {
  readonly line: number;
  readonly text: string;
  readonly pass: boolean;
  readonly reason?: string;
}

export interface FileResult {
  readonly file: string;
  readonly lines: LineResult[];
}

type Expect = "OK" | "FAIL" | "NOMATCH";

/** The result expected from the nft backend: VARIANT scopes RESULT; the other variant gets ALT or the inverse. */
function expected(result: string, variant: string | undefined, alt: string | undefined): Expect {
  const r = result as Expect;
  if (variant === undefined || variant === "NFT") return r;
  if (alt !== undefined) return alt as Expect;
  return r === "OK" ? "FAIL" : "OK";
}

function runLine(setup: readonly string[], table: string, chains: readonly string[], rule: string, saved: string, want: Expect): string | undefined {
  const world: World = newWorld();
  for (const cmd of setup) runCommand(world, cmd);
  const t = table === "filter" ? "" : `-t ${table} `;
  for (const chain of chains) {
    const r = runCommand(world, `iptables ${t}-A ${chain} ${rule}`);
    if (r.exit !== 0) return want === "FAIL" ? undefined : `refused: ${r.stderr.trim()}`;
  }
  if (want === "FAIL") return "accepted, but the real tool refuses it";
  const save = runCommand(world, `iptables-save ${t.trim()}`).stdout.split("\n");
  const body = saved === "=" ? rule : saved;
  for (const chain of chains) {
    const line = `-A ${chain}${body === "" ? "" : ` ${body}`}`;
    const found = save.includes(line);
    if (want === "OK" && !found) {
      const got = save.filter((l) => l.startsWith(`-A ${chain} `) || l === `-A ${chain}`);
      return `saved as ${JSON.stringify(got.join(" | "))}, expected ${JSON.stringify(line)}`;
    }
    if (want === "NOMATCH" && found) return `saved as ${JSON.stringify(line)}, which the real tool does not`;
  }
  return undefined;
}

export function runPeerFile(file: string, text: string): FileResult {
  const lines: LineResult[] = [];
  let chains: string[] = [];
  let table = "filter";
  const setup: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith(":")) {
      chains = line.slice(1).split(",");
      return;
    }
    if (line.startsWith("*")) {
      table = line.slice(1);
      return;
    }
    if (line.startsWith("@") || line.startsWith("%")) {
      const cmd = line.slice(1).trim();
      if (/^iptables(-restore|-save)?\b/.test(cmd)) setup.push(cmd);
      return;
    }
    const [rule = "", saved = "", result = "", variant, alt] = line.split(";");
    const want = expected(result, variant, alt);
    let reason: string | undefined;
    try {
      reason = runLine(setup, table, chains, rule, saved, want);
    } catch (e) {
      reason = `crashed: ${e instanceof Error ? e.message : String(e)}`;
    }
    lines.push({ line: index + 1, text: line, pass: reason === undefined, ...(reason !== undefined ? { reason } : {}) });
  });
  return { file, lines };
}

/** The IPv4 files: libxt_* (IPv4 and IPv6), libipt_* (IPv4) and iptables.t. */
export function isIpv4File(name: string): boolean {
  return /^(libxt_|libipt_).*\.t$/.test(name) || name === "iptables.t";
}
