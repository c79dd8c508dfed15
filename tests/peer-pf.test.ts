// pfctl's parse-and-print tests (../shared/peer-tests/pf/) through nfsim's `pfctl -nvf`:
// every file of the floor must keep passing, and the floor may only rise
// (`npx tsx scripts/peer-pf.ts --update-floor` records an improvement).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPfPeer } from "../src/cli/peer/pf-peer.ts";

const root = new URL("../../shared/peer-tests/pf/", import.meta.url).pathname;
const floor = JSON.parse(readFileSync(new URL("./peer-pf-floor.json", import.meta.url), "utf8")) as Record<string, boolean>;
const missing = existsSync(root) ? undefined : "../shared/peer-tests/pf is not beside the project";
if (missing) console.warn(`pf peer tests skipped: ${missing}`);

function readOr(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

const cases = missing
  ? []
  : readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith(".in")).map((f) => ({ dir: join(root, d.name), name: f.slice(0, -3) })));

describe.skipIf(missing !== undefined)("pfctl's own parse-and-print tests", () => {
  it("covers every file of the floor", () => {
    expect(Object.keys(floor).filter((f) => !cases.some((c) => c.name === f))).toEqual([]);
  });

  it.each(cases.filter((c) => floor[c.name]))("$name still passes", ({ dir, name }) => {
    const r = runPfPeer(name, readFileSync(join(dir, `${name}.in`), "utf8"), readOr(join(dir, `${name}.ok`)), existsSync(join(dir, `${name}.fail`)), (p) => readOr(join(dir, p)));
    expect({ out: r.actual, pass: r.pass }).toEqual({ out: r.pass ? r.actual : r.expected, pass: true });
  });
});
