// Normalising ipset output for comparison with the real tool: what the kernel makes random
// is a hash set's initval, its "Size in memory" (bucket allocations follow the random hash)
// and the order of its members (bucket order). Shared by the golden replay and the live test.
import { normaliseDates } from "./case.ts";

/**
 * Sorts the members of each hash set in a listing (plain: the lines after "Members:" up to
 * the blank line; save: the "add" lines; xml: the <member> lines). `ipset -s` output is
 * left alone: its order is ipset's own sort, which the transcripts check.
 */
function sortHashMembers(text: string): string {
  const out: string[] = [];
  let hash = false;
  let plain = false;
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const line of text.split("\n")) {
    const start = /^(?:Type: |create \S+ |<type>)([^ <]+)/.exec(line);
    if (start) {
      hash = (start[1] ?? "").startsWith("hash:");
      plain = false;
    }
    const member = hash && (line.startsWith("add ") || line.startsWith("<member>") || (plain && line !== ""));
    if (member) {
      run.push(line);
      continue;
    }
    flush();
    out.push(line);
    if (line === "Members:") plain = true;
    if (line === "") plain = false;
  }
  flush();
  return out.join("\n");
}

/** Dates, and the kernel-random parts of hash sets; members are left in order for `ipset -s`. */
export function normaliseIpset(text: string, sorted: boolean): string {
  return (sorted ? normaliseDates(text) : sortHashMembers(normaliseDates(text)))
    .replace(/initval 0x[0-9a-f]{8}/g, "initval 0xINITVAL")
    .replace(/<initval>0x[0-9a-f]{8}<\/initval>/g, "<initval>0xINITVAL</initval>")
    .replace(/(Type: hash:\S+\nRevision: \d+\nHeader: [^\n]*\nSize in memory: )\d+/g, "$1N")
    .replace(/(<type>hash:\S+<\/type>\n<revision>\d+<\/revision>\n<header>[^\n]*\n<memsize>)\d+/g, "$1N");
}
