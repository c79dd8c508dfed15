// iptables' own rule-spec tests (extensions/*.t of the iptables project), run as
// iptables-test.py runs them against the nf_tables backend: through nfsim, or through the
// real iptables (scripts/capture-peer-real.ts). Where the real 1.8.9 does not do what a
// line expects (the files are from a later iptables), the real tool's observed behaviour,
// recorded in tests/peer-iptables-real.json, is what nfsim must reproduce.
import { runCommand } from "../run.ts";
import { newWorld } from "../../world/world.ts";

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

/** One rule line of a .t file, with the set-up commands and table/chains in force. */
export interface PeerLine {
  readonly line: number;
  readonly text: string;
  readonly setup: readonly string[];
  readonly table: string;
  readonly chains: readonly string[];
  readonly rule: string;
  readonly saved: string;
  readonly want: Expect;
}

/** What a tool did with a line: refused it, or saved these `-A` lines for its chains. */
export type Observation = { readonly refused: true; readonly stderr?: string } | { readonly refused: false; readonly saved: readonly string[] };

export type Exec = (cmd: string) => { exit: number; stdout: string; stderr: string };

/** The result expected from the nft backend: VARIANT scopes RESULT; the other variant gets ALT or the inverse. */
function expected(result: string, variant: string | undefined, alt: string | undefined): Expect {
  const r = result as Expect;
  if (variant === undefined || variant === "NFT") return r;
  if (alt !== undefined) return alt as Expect;
  return r === "OK" ? "FAIL" : "OK";
}

export function parsePeerFile(text: string): PeerLine[] {
  const lines: PeerLine[] = [];
  let chains: string[] = [];
  let table = "filter";
  const setup: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith(":")) chains = line.slice(1).split(",");
    else if (line.startsWith("*")) table = line.slice(1);
    else if (line.startsWith("@") || line.startsWith("%")) setup.push(line.slice(1).trim());
    else {
      const [rule = "", saved = "", result = "", variant, alt] = line.split(";");
      lines.push({ line: index + 1, text: line, setup: [...setup], table, chains, rule, saved, want: expected(result, variant, alt) });
    }
  });
  return lines;
}

/** Runs the line's set-up, appends its rule to each chain, and reads back what was saved. */
export function observe(exec: Exec, l: PeerLine): Observation {
  for (const cmd of l.setup) exec(cmd);
  const t = l.table === "filter" ? "" : `-t ${l.table} `;
  for (const chain of l.chains) {
    const r = exec(`iptables ${t}-A ${chain} ${l.rule}`);
    if (r.exit !== 0) return { refused: true, stderr: r.stderr };
  }
  const save = exec(`iptables-save ${t.trim()}`).stdout.split("\n");
  return { refused: false, saved: save.filter((s) => l.chains.some((c) => s === `-A ${c}` || s.startsWith(`-A ${c} `))) };
}

/** Why an observation fails the line's expectation, or undefined when it passes. */
export function judge(l: PeerLine, seen: Observation): string | undefined {
  if (seen.refused) return l.want === "FAIL" ? undefined : "refused, but the real tool accepts it";
  if (l.want === "FAIL") return "accepted, but the real tool refuses it";
  const body = l.saved === "=" ? l.rule : l.saved;
  for (const chain of l.chains) {
    const line = `-A ${chain}${body === "" ? "" : ` ${body}`}`;
    const found = seen.saved.includes(line);
    if (l.want === "OK" && !found) return `saved as ${JSON.stringify(seen.saved.join(" | "))}, expected ${JSON.stringify(line)}`;
    if (l.want === "NOMATCH" && found) return `saved as ${JSON.stringify(line)}, which the real tool does not`;
  }
  return undefined;
}

/** Where the real 1.8.9 differs from a line, nfsim must do exactly what the real tool did. */
function sameAsReal(real: Observation, seen: Observation): string | undefined {
  if (real.refused ? seen.refused : !seen.refused && JSON.stringify(real.saved) === JSON.stringify(seen.saved)) return undefined;
  return `the real 1.8.9 ${real.refused ? "refuses it" : `saves ${JSON.stringify(real.saved.join(" | "))}`}; nfsim ${seen.refused ? "refuses it" : `saves ${JSON.stringify(seen.saved.join(" | "))}`}`;
}

/** The nfsim side: a fresh world per line; only iptables set-up commands are run. */
function nfsimExec(): Exec {
  const world = newWorld();
  return (cmd) => (/^iptables(-restore|-save)?\b/.test(cmd) ? runCommand(world, cmd) : { exit: 0, stdout: "", stderr: "" });
}

export function runPeerFile(file: string, text: string, real: Readonly<Record<string, Observation>> = {}): FileResult {
  const lines = parsePeerFile(text).map((l): LineResult => {
    let reason: string | undefined;
    try {
      const seen = observe(nfsimExec(), l);
      const known = real[`${file}:${String(l.line)}`];
      // A refusal for a kernel module the capturing machine lacked says nothing of 1.8.9.
      const missingModule = known?.refused === true && known.stderr?.includes("missing kernel module") === true;
      reason = known && !missingModule ? sameAsReal(known, seen) : judge(l, seen);
    } catch (e) {
      reason = `crashed: ${e instanceof Error ? e.message : String(e)}`;
    }
    return { line: l.line, text: l.text, pass: reason === undefined, ...(reason !== undefined ? { reason } : {}) };
  });
  return { file, lines };
}

/** The IPv4 files: libxt_* (IPv4 and IPv6), libipt_* (IPv4) and iptables.t. */
export function isIpv4File(name: string): boolean {
  return /^(libxt_|libipt_).*\.t$/.test(name) || name === "iptables.t";
}
