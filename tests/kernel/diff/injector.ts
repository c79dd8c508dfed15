// The Python helper (inject.py) that sends a case's packets with scapy and sniffs what
// arrives at client and server: one long-lived process per harness worker, spoken to
// in JSON lines, one request and one answer at a time.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Arrival, CasePacket } from "../../../src/cli/replay/schema.ts";
import { MAC, type CaseNetns } from "./topology.ts";

/** Debian's interpreter, which has python3-scapy (another python on PATH may not). */
export const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./inject.py", import.meta.url));

/** How long to listen after a send: at least minMs, until quietMs pass without a frame, at most maxMs. */
export interface Listen {
  readonly minMs: number;
  readonly quietMs: number;
  readonly maxMs: number;
}

export interface Sent {
  readonly arrivals: readonly Arrival[];
  /** Frames that arrived after the previous packet's listening window closed. */
  readonly strays: readonly Arrival[];
}

type Answer = { ok?: boolean; error?: string; arrivals?: Arrival[]; strays?: Arrival[] };

export class Injector {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: ((a: Answer) => void)[] = [];
  private stderr = "";

  constructor() {
    this.child = spawn(PYTHON, [SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.answers.shift()?.(JSON.parse(line) as Answer));
    this.child.on("exit", (code) => {
      for (const f of this.answers.splice(0)) f({ error: `inject.py exited ${String(code)}: ${this.stderr.trim()}` });
    });
  }

  private async ask(req: object): Promise<Answer> {
    const answer = new Promise<Answer>((resolve) => this.answers.push(resolve));
    this.child.stdin.write(JSON.stringify(req) + "\n");
    const a = await answer;
    if (a.error !== undefined) throw new Error(`inject.py: ${a.error}`);
    return a;
  }

  async open(n: CaseNetns): Promise<void> {
    const passive: Record<string, object> = { client: { netns: n.client, dev: "eth0", mac: MAC.client } };
    if (n.server !== undefined) passive["server"] = { netns: n.server, dev: "eth0", mac: MAC.server };
    await this.ask({ op: "open", passive, dut: { netns: n.dut, macs: { client: MAC.dutEth0, server: MAC.dutEth1 } } });
  }

  async send(packet: CasePacket, listen: Listen): Promise<Sent> {
    const a = await this.ask({ op: "send", packet, min_ms: listen.minMs, quiet_ms: listen.quietMs, max_ms: listen.maxMs });
    return { arrivals: a.arrivals ?? [], strays: a.strays ?? [] };
  }

  /** Frames that arrived since the last send's window closed. */
  async drain(): Promise<readonly Arrival[]> {
    return (await this.ask({ op: "drain" })).strays ?? [];
  }

  async close(): Promise<void> {
    await this.ask({ op: "close" });
  }

  quit(): void {
    this.child.stdin.end();
  }
}
