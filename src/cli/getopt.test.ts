import { describe, expect, it } from "vitest";
import { getoptLong, type LongOption } from "./getopt.ts";

const LONG: readonly LongOption[] = [
  { name: "counters", hasArg: 0, val: "c" },
  { name: "table", hasArg: 1, val: "t" },
  { name: "test", hasArg: 0, val: "x" },
  { name: "wait", hasArg: 2, val: "w" },
];

const parse = (...argv: string[]) => getoptLong("prog", argv, "ct:xw", LONG, "w");

describe("getopt_long as glibc runs it", () => {
  it("permutes operands behind the options and reads clusters and attached arguments", () => {
    expect(parse("file", "-ctnat", "--table=raw", "more")).toEqual({
      opts: [{ val: "c" }, { val: "t", arg: "nat" }, { val: "t", arg: "raw" }],
      operands: ["file", "more"],
    });
    expect(parse("--", "-c").operands).toEqual(["-c"]);
  });

  it("takes unique prefixes of long names and names the ambiguous ones", () => {
    expect(parse("--cou").opts).toEqual([{ val: "c" }]);
    expect(parse("--t", "nat").error).toBe("prog: option '--t' is ambiguous; possibilities: '--table' '--test'\n");
  });

  it("words each error as glibc does, after the options before it", () => {
    expect(parse("-c", "-y")).toEqual({ opts: [{ val: "c" }], operands: [], error: "prog: invalid option -- 'y'\n" });
    expect(parse("-t").error).toBe("prog: option requires an argument -- 't'\n");
    expect(parse("--table").error).toBe("prog: option '--table' requires an argument\n");
    expect(parse("--counters=1").error).toBe("prog: option '--counters' doesn't allow an argument\n");
    expect(parse("--bogus").error).toBe("prog: unrecognized option '--bogus'\n");
  });

  it("lets -w swallow a following word that is not an option (xtables-restore's optind++)", () => {
    expect(parse("-w", "5", "-c")).toEqual({ opts: [{ val: "w" }, { val: "c" }], operands: [] });
    expect(parse("-w", "-c", "5")).toEqual({ opts: [{ val: "w" }, { val: "c" }], operands: ["5"] });
    expect(parse("--wait=5", "file").operands).toEqual(["file"]);
  });
});
