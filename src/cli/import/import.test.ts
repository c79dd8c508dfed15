// `nfsim snapshot` and `nfsim import` through bin/nfsim and its state file.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = new URL("../../../bin/nfsim", import.meta.url).pathname;
const fixtures = new URL("../../../tests/fixtures/explain/", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "nfsim-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nfsim(state: string, ...args: string[]) {
  return run(bin, args, { env: { ...process.env, NFSIM_STATE: state } });
}

async function failure(p: Promise<unknown>): Promise<{ code: number; stdout: string; stderr: string }> {
  return p.then(
    () => {
      throw new Error("succeeded");
    },
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe("nfsim snapshot", () => {
  it("prints a POSIX sh script that gathers every section import reads", async () => {
    const { stdout } = await nfsim(join(dir, "unused.json"), "snapshot");
    expect(stdout.startsWith("#!/bin/sh\n")).toBe(true);
    for (const cmd of ["iptables-save -c", "iptables-legacy-save -c", "ip -d -j link show", "ip -j addr show", "ip -j route show table all", "ip -j rule show", "ipset save"]) {
      expect(stdout).toContain(cmd);
    }
    const script = join(dir, "snapshot.sh");
    writeFileSync(script, stdout);
    expect(() => execFileSync("sh", ["-n", script])).not.toThrow();
  }, 30_000);
});

describe("nfsim import", () => {
  it("replaces the world with the bundle's host and says what it imported", async () => {
    const state = join(dir, "bundle.json");
    await nfsim(state, "ip", "netns", "add", "gone");
    const { stdout } = await nfsim(state, "import", join(fixtures, "docker.nfsim"));
    expect(stdout).toMatch(/^imported snapshot bundle: 5 devices, 2 addresses, 0 routes, 22 rules in 2 tables, 0 ipsets, \d+ sysctls; not modelled: .*\n$/);
    expect((await nfsim(state, "ip", "netns", "list")).stdout).toBe("");
    expect((await nfsim(state, "ip", "-br", "-4", "addr", "show", "dev", "docker0")).stdout).toBe("docker0          UP             172.17.0.1/16 \n");
  }, 30_000);

  it("leaves the state as it was when the file cannot be imported, naming the line", async () => {
    const state = join(dir, "damaged.json");
    await nfsim(state, "iptables", "-A", "INPUT", "-j", "DROP");
    const before = readFileSync(state, "utf8");
    const bad = join(dir, "bad.nfsim");
    writeFileSync(bad, readFileSync(join(fixtures, "docker.nfsim"), "utf8").replace('"ifindex":1,', '"ifindex":0,'));
    const e = await failure(nfsim(state, "import", bad));
    expect(e.code).toBe(1);
    expect(e.stderr).toBe(`nfsim import: ${bad}: line 51 (section ip-link): entry 1 (lo): an interface needs "ifname" and a positive "ifindex"\n`);
    expect(readFileSync(state, "utf8")).toBe(before);
  }, 30_000);

  it("reads a bare iptables-save dump from standard input with -", async () => {
    const state = join(dir, "stdin.json");
    const { stdout } = await run("sh", ["-c", `"${bin}" import - < "${join(fixtures, "kube-proxy.iptables-save")}"`], { env: { ...process.env, NFSIM_STATE: state } });
    expect(stdout).toMatch(/^imported iptables-save dump: 2 devices, 0 addresses, 1 route, \d+ rules in 3 tables, 0 ipsets, 1 sysctl\n$/);
  }, 30_000);

  it("answers a missing or unreadable file", async () => {
    const state = join(dir, "missing.json");
    expect(await failure(nfsim(state, "import"))).toMatchObject({ code: 2, stderr: "usage: nfsim import FILE|-\n" });
    expect(await failure(nfsim(state, "import", join(dir, "nope")))).toMatchObject({ code: 1, stderr: `nfsim import: ${join(dir, "nope")}: cannot read the file\n` });
  }, 30_000);
});
