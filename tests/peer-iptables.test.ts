// iptables' own rule-spec tests (../shared/peer-tests/iptables/extensions) through nfsim:
// each file's count of passing lines may only rise. Where the real 1.8.9 does not do what a
// line expects, nfsim must do what the real tool did (tests/peer-iptables-real.json,
// captured by scripts/capture-peer-real.ts). `npm run peer -- --update-floor`
// records a new floor after an improvement.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isIpv4File, runPeerFile, type Observation } from "../src/cli/peer/iptables-peer.ts";

const dir = new URL("../../shared/peer-tests/iptables/extensions/", import.meta.url);
const real = JSON.parse(readFileSync(new URL("./peer-iptables-real.json", import.meta.url), "utf8")) as Record<string, Observation>;
const floor = JSON.parse(readFileSync(new URL("./peer-iptables-floor.json", import.meta.url), "utf8")) as Record<string, number>;
const missing = existsSync(dir) ? undefined : "../shared/peer-tests/iptables/extensions is not beside the project";
if (missing) console.warn(`peer tests skipped: ${missing}`);
const files = missing ? [] : readdirSync(dir).filter(isIpv4File).sort();

describe.skipIf(missing !== undefined)("iptables' own rule-spec tests", () => {
  it("covers every file of the floor", () => {
    expect(Object.keys(floor).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files)("%s passes at least its floor", (file) => {
    const result = runPeerFile(file, readFileSync(new URL(file, dir), "utf8"), real);
    const passed = result.lines.filter((l) => l.pass).length;
    const failing = result.lines.filter((l) => !l.pass).map((l) => `line ${String(l.line)}: ${l.reason ?? ""}`);
    expect({ passed, failing: passed < (floor[file] ?? 0) ? failing : [] }).toEqual({
      passed: Math.max(passed, floor[file] ?? 0),
      failing: [],
    });
  });
});
