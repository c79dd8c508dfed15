import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bufferIO } from "../io.ts";
import { newWorld } from "../../world/world.ts";
import { memoryFiles } from "./files.ts";
import { USAGE_TEXT } from "./messages.ts";
import { makeTcpdump } from "./tcpdump.ts";

const REAL = new Uint8Array(readFileSync(new URL("../../../tests/golden/tcpdump/real-a0.pcap", import.meta.url)));

function run(argv: string[], files = memoryFiles({ "a0.pcap": REAL })) {
  const io = bufferIO();
  const exit = makeTcpdump(files)(argv, newWorld(), "", io);
  return { exit, out: io.out, err: io.err, files };
}

describe("tcpdump frontend", () => {
  it("reads a file, filters and stops after -c packets", () => {
    const r = run(["-nr", "a0.pcap", "-c", "1", "icmp"]);
    expect(r).toMatchObject({
      exit: 0,
      out: "16:46:47.950910 IP 10.0.0.1 > 10.0.1.2: ICMP echo request, id 10309, seq 1, length 64\n",
      err: "reading from file a0.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n",
    });
  });

  it("writes with -w what the real tcpdump wrote: the file's header and the records", () => {
    const r = run(["-r", "a0.pcap", "-c", "2", "-w", "out.pcap"]);
    expect(r.out).toBe("");
    expect(Buffer.from(r.files.files["out.pcap"]!).equals(Buffer.from(REAL.subarray(0, 24 + 2 * (16 + 42))))).toBe(true);
  });

  it("words its errors as the real tool, with usage for bad options", () => {
    expect(run(["-r", "nope.pcap"])).toMatchObject({ exit: 1, err: "tcpdump: nope.pcap: No such file or directory\n" });
    expect(run(["-nr", "a0.pcap", "-c", "0"])).toMatchObject({ exit: 1, err: "tcpdump: invalid packet count 0\n" });
    expect(run(["-k"])).toMatchObject({ exit: 1, err: `tcpdump: invalid option -- 'k'\n${USAGE_TEXT}` });
    expect(run(["-nr", "a0.pcap", "tcp", "and"]).err).toBe(
      "reading from file a0.pcap, link-type EN10MB (Ethernet), snapshot length 262144\ntcpdump: can't parse filter expression: syntax error\n",
    );
    expect(run(["-r", "x", "-tttttt"]).err).toBe("tcpdump: only -t, -tt, -ttt, -tttt and -ttttt are supported\n");
  });

  it("reports a truncated file after the packets before the cut", () => {
    const r = run(["-nr", "cut.pcap"], memoryFiles({ "cut.pcap": REAL.subarray(0, 100) }));
    expect(r.exit).toBe(1);
    expect(r.out.split("\n")).toHaveLength(2);
    expect(r.err).toContain("tcpdump: pcap_loop: truncated dump file; tried to read 42 captured bytes, only got 2\n");
  });

  it("opens a live capture with the banner and statistics", () => {
    const r = run(["-i", "nosuch"]);
    expect(r).toMatchObject({ exit: 1, err: "tcpdump: nosuch: No such device exists\n(No such device exists)\n" });
    const any = run(["-i", "any"]);
    expect(any.err).toBe(
      "tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" +
      "listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n" +
      "0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n",
    );
  });
});
