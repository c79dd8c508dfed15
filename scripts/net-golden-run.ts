// Runs one net golden case with the real sh, tools and kernel, and prints its transcript as
// JSON. Only meant to run inside the private host scripts/capture-net-goldens.sh makes: it
// refuses to run anywhere its network namespace is the machine's own.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { forRealShell, type NetTranscript } from "../tests/net-golden.ts";

function refuse(why: string): never {
  process.stderr.write(`net-golden-run: refusing to run: ${why}\n`);
  process.exit(3);
}

/**
 * A private host: not the network namespace the capture script was started in (it passes
 * that one's name), and /run/netns on a tmpfs of its own.
 */
function checkPrivateHost(): void {
  const host = process.env.NFSIM_HOST_NETNS;
  if (host === undefined || host === "") refuse("not started by scripts/capture-net-goldens.sh");
  if (readlinkSync("/proc/self/ns/net") === host) refuse("this is the machine's own network namespace");
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n");
  const netns = mounts.filter((l) => / \/run(\/netns)? /.test(l) && / - tmpfs /.test(l));
  if (netns.length === 0) refuse("/run/netns is not on a private tmpfs");
}

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write("usage: net-golden-run.ts CASE.sh\n");
  process.exit(2);
}
checkPrivateHost();
const dir = mkdtempSync(join(tmpdir(), "nfsim-net-"));
const name = basename(file);
writeFileSync(join(dir, name), forRealShell(readFileSync(file, "utf8")));
const r = spawnSync("sh", [name], { cwd: dir, encoding: "utf8", input: "", env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", TZ: "UTC" } });
rmSync(dir, { recursive: true, force: true });
const transcript: NetTranscript = { case: basename(file, ".sh"), stdout: r.stdout, stderr: r.stderr, exit: r.status ?? -1 };
process.stdout.write(`${JSON.stringify(transcript, null, 1)}\n`);
