// Damaged snapshot bundles are refused with an ImportError, never a crash: every JSON value
// of a real bundle's ip sections swapped for another type, and every sysctl value spoiled.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatBundle, ImportError, importWorld, parseBundle } from "../src/world/import.ts";
import { FIXTURES } from "./explain-cases.ts";

const bundle = readFileSync(`${FIXTURES}hairpin.nfsim`, "utf8");
const sections = parseBundle(bundle);
const REPLACEMENTS: readonly unknown[] = [null, 0, -1, 1.5, "", "x y", "10.0.0.300", [], {}, true, "999999"];

/** Every way of replacing one value inside the section's JSON. */
function* mutations(value: unknown, set: (v: unknown) => unknown): Generator<unknown> {
  for (const r of REPLACEMENTS) yield set(r);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* mutations(value[i], (v) => set(value.map((x, j) => (j === i ? v : x))));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, inner] of Object.entries(value)) yield* mutations(inner, (v) => set({ ...value, [k]: v }));
  }
}

function outcome(text: string): string {
  try {
    importWorld(text);
    return "imported";
  } catch (e) {
    if (e instanceof ImportError) return "refused";
    throw e;
  }
}

function withSection(name: string, text: string): string {
  return formatBundle(sections.map((s) => (s.name === name ? { name, text, exit: s.exit } : { name: s.name, text: s.text, exit: s.exit })));
}

describe("damaged bundles", () => {
  for (const name of ["ip-link", "ip-addr", "ip-route", "ip-rule"]) {
    it(`${name}: any value of the wrong kind is refused or ignored, never a crash`, () => {
      const original = JSON.parse(sections.find((s) => s.name === name)?.text ?? "[]") as unknown;
      const seen = new Set<string>();
      for (const m of mutations(original, (v) => v)) seen.add(outcome(withSection(name, JSON.stringify(m))));
      expect(seen.has("refused")).toBe(true);
    }, 120_000);
  }

  it("sysctl: spoiled values are refused by line", () => {
    const text = sections.find((s) => s.name === "sysctl")?.text ?? "";
    const lines = text.split("\n").filter((l) => l.includes(" = "));
    const spoiled = lines.slice(0, 40).map((_, i) => lines.map((l, j) => (j === i ? l.replace(/ = .*/, " = nope") : l)).join("\n"));
    const results = spoiled.map((t) => outcome(withSection("sysctl", `${t}\n`)));
    expect(results).toContain("refused");
  });
});
