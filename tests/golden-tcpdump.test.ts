// nfsim's tcpdump against the real tcpdump 4.99.3 (Debian 12): tests/golden/tcpdump/ holds
// capture files (real-a0.pcap captured in network namespaces by capture.sh; crafted.pcap
// made by craft.py) and what the real tool printed for them (goldens.sh, TZ=UTC).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { memoryFiles } from "../src/cli/tcpdump/files.ts";
import { makeTcpdump } from "../src/cli/tcpdump/tcpdump.ts";
import { bufferIO } from "../src/cli/io.ts";
import { newWorld } from "../src/world/world.ts";

const DIR = new URL("golden/tcpdump/", import.meta.url);

interface Case {
  readonly argv: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: number;
}

/** Blocks of "$ tcpdump ARGS", stdout lines, "! " stderr lines, "[exit N]", a blank line. */
function cases(file: string): Case[] {
  const text = readFileSync(new URL(file, DIR), "utf8");
  return text.split(/^(?=\$ tcpdump )/m).filter((b) => b.startsWith("$")).map((block) => {
    const lines = block.replace(/\n\n$/, "\n").split("\n");
    const argv = (lines.shift() ?? "").slice("$ tcpdump ".length).split(" ").filter((w) => w !== "");
    let stdout = "";
    let stderr = "";
    let exit = 0;
    for (const line of lines.slice(0, -1)) {
      const m = /^\[exit (\d+)\]$/.exec(line);
      if (m) exit = Number(m[1]);
      else if (line.startsWith("! ")) stderr += `${line.slice(2)}\n`;
      else stdout += `${line}\n`;
    }
    return { argv, stdout, stderr, exit };
  });
}

const pcaps = {
  "real-a0.pcap": new Uint8Array(readFileSync(new URL("real-a0.pcap", DIR))),
  "crafted.pcap": new Uint8Array(readFileSync(new URL("crafted.pcap", DIR))),
};

function run(argv: string[]) {
  const io = bufferIO();
  const exit = makeTcpdump(memoryFiles(pcaps))(argv, newWorld(), "", io);
  return { exit, stdout: io.out, stderr: io.err };
}

const READING = /^reading from file (real-a0|crafted)\.pcap, link-type EN10MB \(Ethernet\), snapshot length 262144\n/;

describe.each(["print.txt", "filters.txt"])("tcpdump goldens %s", (file) => {
  it.each(cases(file).map((c) => [c.argv.join(" "), c] as const))("tcpdump %s", (_name, c) => {
    const got = run(c.argv);
    expect(got.stderr).toMatch(READING);
    expect(got.stdout).toBe(c.stdout);
    expect(got.stderr.replace(READING, "")).toBe(c.stderr);
    expect(got.exit).toBe(c.exit);
  });
});
