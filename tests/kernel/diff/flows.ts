// The connections of a generated case and the NAT the ruleset is built to apply to them.
// A flow is what its initiator sends (`a`) and what the responder is predicted to receive
// (`b`, after the planned NAT), so that generated replies go where a real peer would send
// them. The prediction may be wrong (a random rule can catch the packet first); the reply
// is then unsolicited, which is a case worth comparing too.
//
// Addresses are only the topology's own (10.0.1.1/2, 10.0.2.1/2) and 192.0.2.9, which the
// dut has no route to: any other address would make the dut resolve it with ARP and
// answer seconds later, outside the packet that caused it. Source ports and ICMP ids are
// unique in a case, so NAT never meets a clash (and the kernel never picks a random port).
import type { Proto, Topology } from "../../../src/cli/replay/schema.ts";
import type { Builtin } from "./rules.ts";
import type { Rng } from "./rng.ts";

export type Side = "client" | "server" | "dut";

/** Addresses and ports of a flow's first packet; for ICMP echo both ports are the echo id. */
export interface View {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

export interface Flow {
  readonly proto: Proto;
  readonly init: Side;
  /** Who answers: a passive host (the case lists its replies), the dut's own stack, or nobody. */
  readonly resp: Side | "nobody";
  readonly a: View;
  readonly b: View;
  readonly kind: string;
}

/** A NAT rule the plan puts in the nat table. */
export interface PlannedRule {
  readonly chain: Builtin;
  readonly rule: string;
}

export interface NatPlan {
  readonly tags: readonly string[];
  readonly rules: readonly PlannedRule[];
  /** The flow's `b` and responder after this plan's NAT. */
  readonly apply: (f: Flow) => Flow;
}

const DUT_PORT_IN = 8080;
const SERVER_PORT = 80;

function masquerade(kind: "MASQUERADE" | "SNAT"): NatPlan {
  const rule = kind === "MASQUERADE" ? "-o eth1 -j MASQUERADE" : "-s 10.0.1.0/24 -o eth1 -j SNAT --to-source 10.0.2.1";
  return {
    tags: [kind === "MASQUERADE" ? "nat:masquerade" : "nat:snat"],
    rules: [{ chain: "POSTROUTING", rule }],
    apply: (f) => (f.init === "client" && f.resp === "server" ? { ...f, b: { ...f.b, src: "10.0.2.1" } } : f),
  };
}

const reverseSnat: NatPlan = {
  tags: ["nat:snat-to-client-side"],
  rules: [{ chain: "POSTROUTING", rule: "-s 10.0.2.2 -o eth0 -j SNAT --to-source 10.0.1.1" }],
  apply: (f) => (f.init === "server" && f.resp === "client" ? { ...f, b: { ...f.b, src: "10.0.1.1" } } : f),
};

function dnat(rng: Rng): NatPlan {
  const range = rng.chance(0.3);
  const to = range ? "10.0.2.2:8000-8002" : `10.0.2.2:${String(SERVER_PORT)}`;
  const port = range ? 8000 : SERVER_PORT;
  return {
    tags: ["nat:dnat"],
    rules: [
      { chain: "PREROUTING", rule: `-d 10.0.1.1/32 -i eth0 -p tcp -m tcp --dport ${String(DUT_PORT_IN)} -j DNAT --to-destination ${to}` },
      { chain: "PREROUTING", rule: `-d 10.0.1.1/32 -i eth0 -p udp -m udp --dport ${String(DUT_PORT_IN)} -j DNAT --to-destination ${to}` },
      { chain: "PREROUTING", rule: "-d 10.0.1.1/32 -i eth0 -p icmp -j DNAT --to-destination 10.0.2.2" },
    ],
    apply: (f) => {
      if (f.init !== "client" || f.a.dst !== "10.0.1.1") return f;
      if (f.proto === "icmp") return { ...f, resp: "server", b: { ...f.b, dst: "10.0.2.2" } };
      if (f.a.dport !== DUT_PORT_IN) return f;
      return { ...f, resp: "server", b: { ...f.b, dst: "10.0.2.2", dport: port } };
    },
  };
}

const redirect: NatPlan = {
  tags: ["nat:redirect"],
  rules: [{ chain: "PREROUTING", rule: "-i eth0 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8081" }],
  apply: (f) => (f.init === "client" && f.proto === "tcp" && f.a.dport === 80 && f.resp === "server"
    ? { ...f, resp: "dut", b: { ...f.b, dst: "10.0.1.1", dport: 8081 } } : f),
};

const outputDnat: NatPlan = {
  tags: ["nat:dnat-output"],
  rules: [{ chain: "OUTPUT", rule: "-d 10.0.2.2/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.0.2.2:53" }],
  apply: (f) => (f.init === "dut" && f.proto === "udp" && f.a.dport === 5353 ? { ...f, b: { ...f.b, dport: 53 } } : f),
};

/** Some NAT plans for a router case (in the order their rules go into the nat table), none for a host case. */
export function natPlans(rng: Rng, topology: Topology): NatPlan[] {
  if (topology === "host") return [];
  const plans: NatPlan[] = [];
  if (rng.chance(0.3)) plans.push(dnat(rng));
  if (rng.chance(0.15)) plans.push(redirect);
  if (rng.chance(0.15)) plans.push(outputDnat);
  if (rng.chance(0.4)) plans.push(masquerade(rng.chance(0.5) ? "MASQUERADE" : "SNAT"));
  if (rng.chance(0.1)) plans.push(reverseSnat);
  return plans;
}

type Intent = "c2s" | "s2c" | "c2d" | "s2d" | "d2s" | "d2c" | "c2x" | "c2dnat";

const ROUTER_INTENTS: Readonly<Record<Intent, number>> = { c2s: 6, s2c: 2, c2d: 2, s2d: 1, d2s: 1.5, d2c: 1, c2x: 0.5, c2dnat: 0 };
const HOST_INTENTS: Readonly<Record<Intent, number>> = { c2s: 0, s2c: 0, c2d: 5, s2d: 0, d2s: 0, d2c: 2, c2x: 1, c2dnat: 0 };

const ADDR: Readonly<Record<Side, string>> = { client: "10.0.1.2", server: "10.0.2.2", dut: "10.0.1.1" };

/** Hands out ports and echo ids that no two flows of a case share. */
export class Ports {
  private next: Record<Side, number>;
  private icmp: Record<Side, number>;

  constructor(rng: Rng) {
    this.next = { client: 40000 + rng.int(0, 900), server: 45000 + rng.int(0, 900), dut: 50000 + rng.int(0, 900) };
    this.icmp = { client: 100 + rng.int(0, 50), server: 300 + rng.int(0, 50), dut: 500 + rng.int(0, 50) };
  }

  take(side: Side, rng: Rng, proto: Proto): number {
    const table = proto === "icmp" ? this.icmp : this.next;
    const v = table[side];
    table[side] = v + rng.int(1, 9);
    return v;
  }
}

function flowOf(kind: string, proto: Proto, init: Side, resp: Flow["resp"], a: View): Flow {
  return { kind, proto, init, resp, a, b: a };
}

function serviceDport(rng: Rng, proto: Proto, toDut: boolean): number {
  if (proto === "udp") return rng.pick(toDut ? [53, 5000, 161] : [53, 5000, 5353]);
  return rng.pick(toDut ? [22, 80, 8081, 443] : [80, 443, 22, 8080]);
}

/** A new flow in the topology, its NAT predicted through `plans`. */
export function randomFlow(rng: Rng, topology: Topology, plans: readonly NatPlan[], ports: Ports): Flow {
  const dnatPlanned = plans.some((p) => p.tags.includes("nat:dnat"));
  const intent = rng.weighted({ ...(topology === "router" ? ROUTER_INTENTS : HOST_INTENTS), c2dnat: dnatPlanned ? 3 : 0 });
  const proto = rng.weighted({ tcp: 5, udp: 3, icmp: 2 }) as Proto;
  const f = intentFlow(rng, intent, proto, topology, ports);
  return plans.reduce((flow, p) => p.apply(flow), f);
}

function intentFlow(rng: Rng, intent: Intent, proto: Proto, topology: Topology, ports: Ports): Flow {
  const init: Side = intent.startsWith("c") ? "client" : intent.startsWith("s") ? "server" : "dut";
  const id = ports.take(init, rng, proto);
  const view = (src: string, dst: string, dport: number): View => ({ src, dst, sport: id, dport: proto === "icmp" ? id : dport });
  switch (intent) {
    case "c2s": return flowOf(intent, proto, init, "server", view(ADDR.client, ADDR.server, serviceDport(rng, proto, false)));
    case "s2c": return flowOf(intent, proto, init, "client", view(ADDR.server, ADDR.client, serviceDport(rng, proto, false)));
    case "c2d": return flowOf(intent, proto, init, "dut", view(ADDR.client, topology === "router" ? rng.pick(["10.0.1.1", "10.0.2.1"]) : "10.0.1.1", serviceDport(rng, proto, true)));
    case "s2d": return flowOf(intent, proto, init, "dut", view(ADDR.server, rng.pick(["10.0.2.1", "10.0.1.1"]), serviceDport(rng, proto, true)));
    case "d2s": return flowOf(intent, proto, init, "server", view("10.0.2.1", ADDR.server, proto === "udp" && rng.chance(0.4) ? 5353 : serviceDport(rng, proto, false)));
    case "d2c": return flowOf(intent, proto, init, "client", view("10.0.1.1", ADDR.client, serviceDport(rng, proto, false)));
    case "c2x": return flowOf(intent, proto, init, "nobody", view(ADDR.client, topology === "router" ? "192.0.2.9" : rng.pick(["192.0.2.9", "10.0.2.2"]), serviceDport(rng, proto, false)));
    case "c2dnat": return flowOf(intent, proto, init, "dut", view(ADDR.client, "10.0.1.1", DUT_PORT_IN));
  }
}
