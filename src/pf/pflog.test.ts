// What pf logs (xnu pf.c pf_test_rule / pf_test, if_pflog.c pflog_packet) and the header
// line tcpdump prints for it (print-pflog.c pflog_print).
import { describe, expect, it } from "vitest";
import { pfTest, type PfEffect, type PfEnv } from "./eval.ts";
import { newPfState } from "./kernel.ts";
import { loadRules } from "./load.ts";
import { pflogHeaderText, pflogRecord, type PflogRecord } from "./pflog.ts";
import type { PfState } from "./types.ts";
import { parseIpv4Strict } from "../wire/ipv4.ts";
import type { Ipv4Packet } from "../wire/packet.ts";

function pfWith(conf: string, files: Record<string, string> = {}): PfState {
  const pf = newPfState();
  const all: Record<string, string> = { ...files, "/pf.conf": conf };
  const r = loadRules(pf, "/pf.conf", { verbose: 0, noAction: false, anchor: "", readFile: (p) => all[p], interfaces: [], now: 0 });
  if (!r.ok) throw new Error(r.err);
  pf.running = true;
  return pf;
}

const env: PfEnv = { now: () => 0, random: () => 0.25 };
const ip = (s: string) => parseIpv4Strict(s) ?? 0;

function udp(src: string, dst: string, sport: number, dport: number): Ipv4Packet {
  return {
    ip: { src: ip(src), dst: ip(dst), proto: 17, ttl: 64, tos: 0, length: 28, id: 1, fragOffset: 0, moreFragments: false, dontFragment: false, options: [] },
    l4: { kind: "udp", sport, dport },
    payload: [],
  };
}

function logged(effects: readonly PfEffect[]): PflogRecord[] {
  return effects.flatMap((e) => (e.kind === "pflog" ? [e.record] : []));
}

describe("pflog records", () => {
  it("a `log` rule logs the packet it decided, with its number and action (rule 1/0(match): block in on en0)", () => {
    const pf = pfWith("pass all no state\nblock in log proto udp to port 53\n");
    const r = pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1000, 53), env);
    expect(logged(r.effects).map(pflogHeaderText)).toEqual(["rule 1/0(match): block in on en0: "]);
    expect(logged(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1000, 54), env).effects)).toEqual([]);
  });

  it("`log` logs a state's first packet only; `log (all)` every packet of the state, both ways", () => {
    const once = pfWith("pass out log proto udp keep state\n");
    expect(logged(pfTest(once, "out", "en0", udp("10.0.0.1", "10.0.0.2", 1000, 53), env).effects)).toHaveLength(1);
    expect(logged(pfTest(once, "in", "en0", udp("10.0.0.2", "10.0.0.1", 53, 1000), env).effects)).toEqual([]);
    const all = pfWith("pass out log (all) proto udp keep state\n");
    pfTest(all, "out", "en0", udp("10.0.0.1", "10.0.0.2", 1000, 53), env);
    const back = logged(pfTest(all, "in", "en0", udp("10.0.0.2", "10.0.0.1", 53, 1000), env).effects);
    expect(back.map(pflogHeaderText)).toEqual(["rule 0/0(match): pass in on en0: "]);
  });

  it("logs the translated packet of a nat pass rule with the nat rule's action", () => {
    const pf = pfWith("nat pass log on en0 from 192.168.1.0/24 to any -> 1.2.3.4\n");
    const [rec] = logged(pfTest(pf, "out", "en0", udp("192.168.1.5", "9.9.9.9", 1000, 53), env).effects);
    expect(rec === undefined ? "" : pflogHeaderText(rec)).toBe("rule 0/0(match): nat out on en0: ");
    expect(rec?.packet.ip.src).toBe(ip("1.2.3.4"));
  });

  it("a rule inside an anchor is rule A.NAME.N/ (am's number, the anchor's name, rm's number)", () => {
    const pf = pfWith('pass all no state\nanchor "lab"\nload anchor "lab" from "/lab.conf"\n', { "/lab.conf": "block in log all\n" });
    const [rec] = logged(pfTest(pf, "in", "en0", udp("10.0.0.1", "10.0.0.2", 1, 2), env).effects);
    expect(rec === undefined ? "" : pflogHeaderText(rec)).toBe("rule 1.lab.0/0(match): block in on en0: ");
  });

  it("prints unknown reasons as print-pflog.c's tok2str does", () => {
    const rec = pflogRecord({ action: "block", rulenr: 3, subrulenr: -1, ruleset: "", logif: 0 }, "out", "en1", udp("1.1.1.1", "2.2.2.2", 1, 2));
    expect(pflogHeaderText({ ...rec, reason: 99 })).toBe("rule 3/unkn(99): block out on en1: ");
  });
});
