// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { evaluateTable } from "../evaluate.ts";
import { fails, kernel, refusal, rulesetOf, session, tcpPacket, testEnv, verdicts } from "../testkit.ts";

const SETUP = [
  'iptables -A INPUT -m string --algo bm --string "test"',
  'iptables -A INPUT -m string --string "a\\"b\\\\c d" --algo kmp --icase --from 3 --to 100',
  'iptables -A INPUT -m string ! --hex-string "|00 01|ab|ff|" --algo bm',
];

const withPayload = (text: string) => ({ ...tcpPacket(40000, 80), payload: [...new TextEncoder().encode(text)] });

describe("string match", () => {
  it("saves printable patterns quoted, others as hex, then the algorithm and window", () => {
    expect(session(...SETUP, "iptables -S INPUT").stdout).toBe(
      "-P INPUT ACCEPT\n" +
        '-A INPUT -m string --string "test" --algo bm\n' +
        '-A INPUT -m string --string "a\\"b\\\\c d" --algo kmp --from 3 --to 100 --icase\n' +
        '-A INPUT -m string ! --hex-string "|00016162ff|" --algo bm\n',
    );
    expect(session(...SETUP, "iptables -L INPUT").stdout).toBe(
      "Chain INPUT (policy ACCEPT)\n" +
        "target     prot opt source               destination         \n" +
        '           all  --  anywhere             anywhere             STRING match  "test" ALGO name bm\n' +
        '           all  --  anywhere             anywhere             STRING match  "a\\"b\\\\c d" ALGO name kmp FROM 3 TO 100 ICASE\n' +
        '           all  --  anywhere             anywhere             STRING match ! "|00016162ff|" ALGO name bm\n',
    );
  });

  it("refuses what libxt_string and textsearch_prepare refuse", () => {
    expect(refusal('iptables -A INPUT -m string --string "" --algo bm')).toEqual(kernel("Invalid argument"));
    expect(refusal("iptables -A INPUT -m string --string abc --algo wrong")).toEqual(kernel("No such file or directory"));
    expect(refusal("iptables -A INPUT -m string --string abc --algo bm --from 10 --to 5")).toEqual(kernel("Invalid argument"));
    expect(refusal('iptables -A INPUT -m string --hex-string "|0g|" --algo bm')).toEqual(fails("Invalid hex char 'g'"));
    expect(refusal("iptables -A INPUT -m string --algo bm")).toEqual(fails("STRING match: You must specify `--string' or `--hex-string'"));
    expect(refusal("iptables -A INPUT -m string --string a")).toEqual(fails('string: option "--algo" must be specified\n'));
  });

  it("finds the pattern anywhere from the IP header on, within [--from, --to)", () => {
    const { world } = session('iptables -A INPUT -m string --string "GET /admin" --algo bm -j DROP');
    expect(verdicts(world, [withPayload("GET /admin HTTP/1.1"), withPayload("GET /index HTTP/1.1")])).toEqual(["DROP", "ACCEPT"]);
    // Payload starts at 40 (20 IP + 20 TCP): a window ending at 49 cannot hold the 10 bytes.
    const tight = session('iptables -A INPUT -m string --string "GET /admin" --algo kmp --to 49 -j DROP').world;
    expect(verdicts(tight, [withPayload("GET /admin")])).toEqual(["ACCEPT"]);
    const icase = session('iptables -A INPUT -m string --string "get /ADMIN" --algo bm --icase -j DROP').world;
    expect(verdicts(icase, [withPayload("xGeT /admin")])).toEqual(["DROP"]);
    const hex = session('iptables -A INPUT -m string --hex-string "|00 50|" --algo bm --from 22 --to 24 -j DROP').world;
    expect(verdicts(hex, [tcpPacket(1, 80), tcpPacket(80, 1)])).toEqual(["DROP", "ACCEPT"]);
  });

  it("leaves fsm token programs undecided", () => {
    const { world } = session('iptables -A INPUT -m string --hex-string "|00000100|" --algo fsm -j DROP');
    const out = evaluateTable(rulesetOf(world), "filter", tcpPacket(1, 2), { hook: "INPUT", env: testEnv() });
    expect(out.trace[0]).toMatchObject({ failed: { unmodelled: "nfsim does not run the token programs of the fsm text search" } });
  });
});
