// Runs one ip golden case against the real tools and prints its transcript as JSON.
// Only meant to run inside the private host that scripts/capture-ip-goldens.sh makes.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseIpCase, type IpTranscript } from "../tests/ip-golden.ts";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: ip-golden-steps.ts CASE.sh");
  process.exit(2);
}
const transcript: IpTranscript = { case: basename(file, ".sh"), steps: [] };
for (const cmd of parseIpCase(readFileSync(file, "utf8"))) {
  const r = spawnSync("sh", ["-c", cmd], { encoding: "utf8", input: "" });
  transcript.steps.push({ cmd, stdout: r.stdout, stderr: r.stderr, exit: r.status ?? -1 });
}
process.stdout.write(`${JSON.stringify(transcript, null, 1)}\n`);
