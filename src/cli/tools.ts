// The emulated tools by the name they are run as.
import type { Tool } from "./io.ts";
import { iptables } from "./iptables/iptables.ts";
import { iptablesRestore } from "./iptables/restore.ts";
import { iptablesSave } from "./iptables/save.ts";
import { ip } from "./ip/ip.ts";
import { bridge } from "./bridge/bridge.ts";
import { sysctl } from "./sysctl/sysctl.ts";
import { tcpdump } from "./tcpdump/tcpdump.ts";
import { ipset } from "./ipset/ipset.ts";
import { pfctl } from "./pfctl/pfctl.ts";
import { nfsimCommand } from "./pfctl/os.ts";
import { ping } from "./ping/ping.ts";
import { makeNsenter } from "./nsenter/nsenter.ts";
import { nc } from "./nc/nc.ts";
import { dmesg } from "./dmesg/dmesg.ts";
import { conntrack } from "./conntrack/conntrack.ts";
import { macPing } from "./macos/ping.ts";
import { macSysctl } from "./macos/sysctl.ts";

export const TOOLS: Readonly<Record<string, Tool>> = {
  iptables,
  "iptables-nft": iptables,
  "iptables-save": iptablesSave,
  "iptables-nft-save": iptablesSave,
  "iptables-restore": iptablesRestore,
  "iptables-nft-restore": iptablesRestore,
  // `ip netns exec NS CMD` runs the other tools: they are looked up when it runs.
  ip: (argv, world, ns, io) => ip(argv, world, ns, io, (name) => inHost(name, `exec of "${name}" failed: No such file or directory\n`, 1)),
  bridge,
  sysctl,
  ipset,
  tcpdump,
  pfctl,
  // nfsim's own commands inside the world (`nfsim host MAC --os macos`).
  nfsim: nfsimCommand,
  ping,
  nsenter: makeNsenter((name) => inHost(name, `nsenter: failed to execute ${name}: No such file or directory\n`, 127)),
  nc,
  dmesg,
  conntrack,
};

/** What a macOS host has of these (pf's pfctl, tcpdump); a Linux host has all but pfctl. */
const MACOS_TOOLS: ReadonlySet<string> = new Set(["pfctl", "tcpdump", "nfsim"]);
const EVERYWHERE: ReadonlySet<string> = new Set(["tcpdump", "nfsim"]);
/** The tools a Mac has its own version of (network_cmds' ping, system_cmds' sysctl). */
const MACOS_OWN: Readonly<Record<string, Tool>> = { ping: macPing, sysctl: macSysctl };

/** The tool a host of this OS runs under that name, or undefined when the shell would not find one. */
export function toolFor(name: string, os: "linux" | "macos" | undefined): Tool | undefined {
  if (os === "macos" && MACOS_OWN[name] !== undefined) return MACOS_OWN[name];
  const present = EVERYWHERE.has(name) || MACOS_TOOLS.has(name) === (os === "macos");
  return present ? TOOLS[name] : undefined;
}

/**
 * A tool as `ip netns exec` and `nsenter` find it: it runs only in a host that has it
 * (no iptables on a Mac, no pfctl on Linux); elsewhere the exec fails with `missing`.
 */
function inHost(name: string, missing: string, status: number): Tool | undefined {
  if (TOOLS[name] === undefined) return undefined;
  return (argv, world, ns, io) => {
    const tool = toolFor(name, world.namespaces[ns]?.os);
    if (tool !== undefined) return tool(argv, world, ns, io);
    io.stderr(missing);
    return status;
  };
}
