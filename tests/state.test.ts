// The state file shared by `bin/nfsim` invocations: concurrent writers lose nothing,
// a failing command leaves the file byte-identical.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = new URL("../bin/nfsim", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "nfsim-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nfsim(state: string, ...args: string[]) {
  return run(bin, args, { env: { ...process.env, NFSIM_STATE: state } });
}

describe("state file", () => {
  it("keeps every update made by concurrent invocations", async () => {
    const state = join(dir, "concurrent.json");
    const ports = Array.from({ length: 8 }, (_, i) => 1000 + i);
    await Promise.all(ports.map((p) => nfsim(state, "iptables", "-A", "INPUT", "-p", "tcp", "--dport", String(p), "-j", "ACCEPT")));
    const { stdout } = await nfsim(state, "iptables", "-S", "INPUT");
    const saved = stdout.split("\n").filter((l) => l.startsWith("-A INPUT"));
    expect(saved).toHaveLength(ports.length);
    for (const p of ports) expect(saved).toContain(`-A INPUT -p tcp -m tcp --dport ${String(p)} -j ACCEPT`);
  }, 60_000);

  it("leaves the file unchanged when a command fails", async () => {
    const state = join(dir, "failing.json");
    await nfsim(state, "iptables", "-A", "INPUT", "-s", "10.0.0.1", "-j", "DROP");
    const before = readFileSync(state, "utf8");
    const failed = await nfsim(state, "iptables", "-A", "INPUT", "-s", "10.0.0.300", "-j", "DROP").catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toBe(
      "iptables v1.8.9 (nf_tables): host/network `10.0.0.300' not found\nTry `iptables -h' or 'iptables --help' for more information.\n",
    );
    expect(readFileSync(state, "utf8")).toBe(before);
  }, 30_000);
});
