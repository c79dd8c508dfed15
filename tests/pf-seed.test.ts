// examples/pf-seed.sh, the seed's pfctl session on a Mac, against its transcript
// (tests/golden/pf/pf-seed.txt: what a Mac prints for it, stdout and stderr as a terminal
// shows them). Edit the golden by hand when pfctl's output is corrected, and say why.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ShellSession } from "../src/cli/shell/runner.ts";
import { parseScript } from "../src/cli/shell/syntax.ts";
import { newWorld } from "../src/world/world.ts";

function runSeed(): { transcript: string; status: number } {
  const script = readFileSync(new URL("../examples/pf-seed.sh", import.meta.url), "utf8");
  let transcript = "";
  const session = new ShellSession(newWorld(), (t) => (transcript += t), (t) => (transcript += t), {
    name: "examples/pf-seed.sh",
    echo: true,
    now: new Date(Date.UTC(2026, 10, 25, 12, 0, 0)),
    files: { read: () => { throw new Error("ENOENT"); }, write: () => undefined },
  });
  const status = session.run(parseScript(script, "examples/pf-seed.sh"));
  return { transcript, status };
}

describe("examples/pf-seed.sh", () => {
  it("prints what a Mac prints for the seed's pfctl session", () => {
    const golden = readFileSync(new URL("./golden/pf/pf-seed.txt", import.meta.url), "utf8");
    expect(runSeed()).toEqual({ transcript: golden, status: 0 });
  });
});
