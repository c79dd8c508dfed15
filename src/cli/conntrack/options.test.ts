// conntrack's command line: what it accepts, and its errors as conntrack-tools 1.4.7 words
// them (each message was taken from the real tool).
import { describe, expect, it } from "vitest";
import { IPS } from "../../conntrack/index.ts";
import { CtError, errorText } from "./messages.ts";
import { parseArgs } from "./options.ts";

function errorOf(argv: readonly string[]): { text: string; status: number } {
  try {
    parseArgs(argv);
  } catch (e) {
    if (e instanceof CtError) return { text: errorText(e), status: e.status };
    throw e;
  }
  throw new Error(`no error for ${argv.join(" ")}`);
}

const HINT = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

describe("conntrack options", () => {
  it("reads a command with its filters, long names and abbreviations alike", () => {
    const a = parseArgs(["--dump", "-p", "tcp", "--orig-src=10.0.0.1", "--dst", "10.0.0.2", "--sport", "40000", "--dp", "80", "--state", "ESTABLISHED"]);
    expect(a.command).toBe("list");
    expect(a.proto).toBe(6);
    expect(a.origSrc).toEqual({ v4: 0x0a000001, prefix: 32 });
    expect(a.origDst).toEqual({ v4: 0x0a000002, prefix: 32 });
    expect([...a.l4]).toEqual([["sport", 40000], ["dport", 80], ["state", 3]]);
  });

  it("takes inet_aton's short addresses and a prefix on --src", () => {
    expect(parseArgs(["-L", "-s", "1.2.3"]).origSrc).toEqual({ v4: 0x01020003, prefix: 32 });
    const a = parseArgs(["-L", "-s", "10.0.0.0/8"]);
    expect(a.origSrc).toEqual({ v4: 0x0a000000, prefix: 8 });
    expect(a.given.has("mask-src")).toBe(true);
  });

  it("reads marks with masks, statuses with negation and UNREPLIED, event masks and outputs", () => {
    expect(parseArgs(["-L", "-m", "0x10/0xf0"]).mark).toEqual({ value: 16, mask: 0xf0 });
    expect(parseArgs(["-L", "-m", "7"]).mark).toEqual({ value: 7, mask: 0xffffffff });
    expect(parseArgs(["-L", "-u", "ASSURED"]).status).toEqual({ value: IPS.ASSURED, mask: IPS.ASSURED });
    expect(parseArgs(["-L", "-u", "UNREPLIED"]).status).toEqual({ value: 0, mask: IPS.SEEN_REPLY });
    expect(parseArgs(["-L", "-u", "!ASSURED"]).status).toEqual({ value: 0, mask: IPS.ASSURED });
    expect(parseArgs(["-E", "-e", "NEW,DESTROY"]).eventMask).toBe(5);
    expect([...parseArgs(["-L", "-o", "extended,id"]).output]).toEqual(["extended", "id"]);
  });

  it("takes the table after a command, and an optional NAT address after -n", () => {
    expect(parseArgs(["-L", "expect"]).table).toBe("expect");
    expect(parseArgs(["-L", "-n", "10.0.0.1:2000"]).srcNat).toEqual({ addr: 0x0a000001, port: 2000 });
    expect(parseArgs(["-L", "-g"]).dstNat).toEqual({});
  });

  it("lets a later -u overwrite the mark conntrack itself uses, but not the kernel's filter", () => {
    const a = parseArgs(["-I", "-p", "udp", "-s", "1.1.1.1", "-d", "2.2.2.2", "--sport", "1", "--dport", "2", "-t", "50", "-m", "5", "-u", "ASSURED"]);
    expect(a.userMark).toEqual({ value: IPS.ASSURED, mask: 0xffffffff });
    expect(a.mark).toEqual({ value: 5, mask: 0xffffffff });
    expect(parseArgs(["-L", "-u", "ASSURED"]).userMark).toBeUndefined();
  });

  it("warns at once, before a later error: deprecated -a, SRC_NAT, a missing label map", () => {
    const said: string[] = [];
    expect(() => parseArgs(["-L", "-a", "x", "-u", "SRC_NAT", "-l", "foo,bar"], (t) => said.push(t))).toThrow("unknown label 'foo'");
    expect(said).toEqual([
      "WARNING: ignoring -a, deprecated option.\n",
      "WARNING: ignoring SRC_NAT, use --src-nat instead\n",
      "nfct_labelmap_new: No such file or directory\n",
    ]);
  });

  it.each([
    [["-L", "-p", "foo"], "`foo' unsupported protocol"],
    [["-L", "--sport", "5"], "unknown option `--sport'"],
    [["-L", "-p", "tcp", "--state", "FOO"], "unknown TCP state `FOO'"],
    [["-X"], "unknown option `-X'"],
    [["-L", "-s"], "option `-s' requires an argument"],
    [["-L", "-f", "foo"], "`foo' unsupported protocol"],
    [["-L", "-u", "FOO"], "Bad parameter `FOO'"],
    [["-L", "-u", "ASSURED,BAR"], "Bad parameter `BAR'"],
    [["-L", "-L"], "Invalid commands combination"],
    [["-L", "foo"], "unknown type `foo'"],
    [["-C", "-p", "tcp"], "Illegal option `--protonum' with this command"],
    [["-G", "-p", "tcp", "-s", "10.0.0.1"], "you have to specify `--src' and `--dst'"],
    [["-G", "-s", "10.0.0.1", "-d", "10.0.0.2"], "You need to supply the `--protonum' option for this command"],
    [["-G", "-p", "tcp", "-s", "10.0.0.1", "-d", "10.0.0.2"], "you have to specify `--sport' and `--dport'"],
    [["-L", "-r", "10.0.0.0/24"], "CIDR notation unavailable for `--reply-src'"],
    [["-L", "-s", "10.0.0.0/33"], "Invalid netmask"],
    [["-L", "-s", "10.0.0.1", "-s", "::1"], "mismatched address family"],
    [["-L", "-n", "10.0.0.1:"], "No port specified after `:'"],
    [["-L", "-n", "1.2.3.4", "-j"], "cannot specify `--src-nat' or `--dst-nat' with `--any-nat'"],
  ])("refuses %j", (argv, message) => {
    expect(errorOf(argv)).toEqual({ text: `conntrack v1.4.7 (conntrack-tools): ${message}\n${HINT}`, status: 2 });
  });
});
