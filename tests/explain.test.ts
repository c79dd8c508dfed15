// The explanation cases on the committed bundles (tests/fixtures/explain/CASE.nfsim, made by
// `nfsim snapshot`'s script on the real kernel): each packet's fate and the trace lines that
// explain it, and the rules' counters and the connections equal to what the kernel showed
// (CASE.observed/, recorded by tests/kernel/explain-live.test.ts in the same run).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CASES, caseByName, expectSameAsKernel, FIXTURES, observedFiles, playCase, type StepRun } from "./explain-cases.ts";

function play(name: string, seed?: number): StepRun[] {
  const c = caseByName(name);
  const { runs } = playCase(c, readFileSync(`${FIXTURES}${name}.nfsim`, "utf8"), seed);
  return runs;
}

function step(runs: readonly StepRun[], name: string): StepRun {
  const r = runs.find((x) => x.step.name === name);
  if (r === undefined) throw new Error(`no step ${name}`);
  return r;
}

describe("every case leaves what the real kernel left", () => {
  for (const c of CASES) {
    it(`${c.name}: the rules' counters and the connections after each step`, () => {
      const runs = play(c.name);
      expectSameAsKernel(c, runs, (s) => observedFiles(`${FIXTURES}${c.name}.observed`, s));
    });
  }
});

describe("a packet dropped by rp_filter (strict, asymmetric route)", () => {
  const runs = play("rp-filter");

  it("drops the spoofed source after PREROUTING, before FORWARD, naming the route back", () => {
    const r = step(runs, "spoofed");
    expect(r.trace.fate).toEqual({ kind: "dropped", ns: "", why: "rp_filter=1 (strict): the route back to 10.9.0.5 leaves by eth1, not eth0" });
    expect(r.text).toContain("[host] routing: drop: rp_filter=1 (strict): the route back to 10.9.0.5 leaves by eth1, not eth0");
    expect(r.trace.steps.some((s) => s.kind === "hook" && s.hook === "FORWARD")).toBe(false);
  });

  it("forwards the client's own address out of eth1", () => {
    expect(step(runs, "control").trace.fate).toEqual({ kind: "sent", ns: "", dev: "eth1", nexthop: 0x0a020002 });
  });
});

describe("packets INVALID in conntrack", () => {
  const runs = play("ct-invalid");
  const dropped = { kind: "dropped", ns: "", why: "DROP at INPUT by filter INPUT rule 1", hook: "INPUT", table: "filter", chain: "INPUT", rule: 1 };

  it("drops an unsolicited SYN-ACK with rule 1 (--ctstate INVALID)", () => {
    const r = step(runs, "synack");
    expect(r.trace.fate).toEqual(dropped);
    expect(r.text).toContain("1  -A INPUT -m conntrack --ctstate INVALID -j DROP  => matched");
  });

  it("drops a bare ACK with nf_conntrack_tcp_loose=0", () => {
    expect(step(runs, "ack").trace.fate).toEqual(dropped);
  });

  it("lets a bare ACK through as NEW with nf_conntrack_tcp_loose=1 (to the closed port, which resets it)", () => {
    const r = step(runs, "loose_ack");
    expect(r.trace.fate).toEqual({ kind: "dropped", ns: "", why: "no socket on TCP port 80: answered with RST" });
    expect(r.text).toContain("2  -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT  => matched");
  });
});

describe("hairpin MASQUERADE", () => {
  const [r] = play("hairpin");

  it("DNATs to the server on the same LAN and masquerades, so the reply comes back through the router", () => {
    if (r === undefined) throw new Error("no step");
    expect(r.trace.fate).toEqual({ kind: "sent", ns: "", dev: "eth0", nexthop: 0x0a040003 });
    expect(r.text).toContain("1  -A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.4.0.3:80  => matched");
    expect(r.text).toContain("1  -A POSTROUTING -s 10.4.0.0/24 -d 10.4.0.3/32 -p tcp -m tcp --dport 80 -j MASQUERADE  => matched");
    expect(r.text).toContain("replies come from 10.4.0.3:80 -> 10.4.0.1:40000");
  });
});

describe("a Docker host's published port", () => {
  const [r] = play("docker");

  it("is DNATed in PREROUTING and forwarded to the container, never meeting INPUT's DROP", () => {
    if (r === undefined) throw new Error("no step");
    expect(r.trace.fate).toEqual({ kind: "sent", ns: "", dev: "docker0", nexthop: 0xac110002 });
    expect(r.trace.steps.some((s) => s.kind === "hook" && s.hook === "INPUT")).toBe(false);
    expect(r.text).toContain("1  -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER  => matched");
    expect(r.text).toContain("2  -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80  => matched");
    expect(r.text).toContain("1  -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT  => matched");
  });
});

describe("a kube-proxy node", () => {
  const endpoints = ["10.244.3.47", "10.244.0.48", "10.244.1.49"];
  const chosen = (r: StepRun) => /replies come from (10\.244\.\d+\.\d+):8080/.exec(r.text)?.[1];

  it("DNATs a ClusterIP packet to one of the three endpoints, each tried with its probability", () => {
    const r = step(play("kube-proxy"), "clusterip");
    expect(r.trace.fate).toMatchObject({ kind: "sent", dev: "eth1", nexthop: 0x0a000902 });
    expect(endpoints).toContain(chosen(r));
    expect(r.text).toContain("-m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-BYR4VCYNTJYR4XZS");
  });

  it("reaches every endpoint over different random draws, the later ones after the earlier probabilities failed", () => {
    const seen = new Set<string | undefined>();
    for (let seed = 1; seed <= 12; seed++) {
      const r = step(play("kube-proxy", seed), "clusterip");
      seen.add(chosen(r));
      if (chosen(r) === "10.244.1.49") {
        expect(r.text).toContain("--probability 0.33333333349 -j KUBE-SEP-BYR4VCYNTJYR4XZS  -- match #2 (-m statistic) does not match");
        expect(r.text).toContain("--probability 0.50000000000 -j KUBE-SEP-NJCWN4VTKTUQVRRU  -- match #2 (-m statistic) does not match");
      }
    }
    expect([...seen].sort()).toEqual([...endpoints].sort());
  });

  it("DNATs a NodePort packet to an endpoint of its service", () => {
    const r = step(play("kube-proxy"), "nodeport");
    expect(["10.244.2.32", "10.244.3.33"]).toContain(chosen(r));
    expect(r.text).toContain("-A KUBE-NODEPORTS -p tcp -m comment --comment \"team-10/svc-10:http\" -m tcp --dport 30010 -j KUBE-EXT-ZGUCU2J3LIGOQI6Q  => matched");
  });
});
