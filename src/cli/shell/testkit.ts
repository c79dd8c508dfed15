// For tests: run a shell script of emulated commands against a world, collecting what it
// prints; files live in memory.
import { Net } from "../../world/net.ts";
import { newWorld, type World } from "../../world/world.ts";
import { endJobs, JobTable } from "./jobs.ts";
import { ShellSession } from "./runner.ts";
import { parseScript } from "./syntax.ts";

export interface ScriptRun {
  readonly out: string;
  readonly err: string;
  readonly status: number;
  readonly world: World;
  readonly net: Net;
  readonly files: Record<string, string>;
}

export function runScript(script: string, world: World = newWorld(), opts: { keepJobs?: boolean; jobs?: JobTable; now?: Date } = {}): ScriptRun {
  let out = "";
  let err = "";
  const files: Record<string, string> = {};
  const jobs = opts.jobs ?? new JobTable();
  const session = new ShellSession(world, (t) => (out += t), (t) => (err += t), {
    name: "test.sh",
    now: opts.now ?? new Date(0),
    jobs,
    files: {
      read: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error("ENOENT");
        return text;
      },
      write: (p, t, append) => (files[p] = (append ? (files[p] ?? "") : "") + t),
    },
  });
  const status = session.run(parseScript(script, "test.sh"));
  if (!opts.keepJobs) endJobs(world, jobs);
  return { out, err, status, world, net: Net.of(world), files };
}

/** Two namespaces joined by a veth pair, 10.10.10.1 (LEMON, veth-lemon) and .2 (LIME, veth-lime), lo up. */
export const LAB = `ip netns add LEMON
ip netns add LIME
ip link add veth-lemon type veth peer name veth-lime
ip link set veth-lemon netns LEMON
ip link set veth-lime netns LIME
ip -n LEMON addr add 10.10.10.1/24 dev veth-lemon
ip -n LIME addr add 10.10.10.2/24 dev veth-lime
ip -n LEMON link set lo up
ip -n LIME link set lo up
ip -n LEMON link set veth-lemon up
ip -n LIME link set veth-lime up
`;

/** A - R - B: 10.0.1.2 (A, a0) to 10.0.1.1 (R, r0); 10.0.2.1 (R, r1) to 10.0.2.2 (B, b0); default routes via R. */
export const ROUTER = `ip netns add A
ip netns add R
ip netns add B
ip link add a0 type veth peer name r0
ip link add b0 type veth peer name r1
ip link set a0 netns A
ip link set r0 netns R
ip link set r1 netns R
ip link set b0 netns B
ip -n A addr add 10.0.1.2/24 dev a0
ip -n R addr add 10.0.1.1/24 dev r0
ip -n R addr add 10.0.2.1/24 dev r1
ip -n B addr add 10.0.2.2/24 dev b0
ip -n A link set lo up
ip -n R link set lo up
ip -n B link set lo up
ip -n A link set a0 up
ip -n R link set r0 up
ip -n R link set r1 up
ip -n B link set b0 up
ip -n A route add default via 10.0.1.1
ip -n B route add default via 10.0.2.1
`;
