// The emulated tools by the name they are run as.
import type { Tool } from "./io.ts";
import { iptables } from "./iptables/iptables.ts";
import { iptablesRestore } from "./iptables/restore.ts";
import { iptablesSave } from "./iptables/save.ts";
import { ip } from "./ip/ip.ts";
import { sysctl } from "./sysctl/sysctl.ts";
import { tcpdump } from "./tcpdump/tcpdump.ts";
import { ipset } from "./ipset/ipset.ts";
import { pfctl } from "./pfctl/pfctl.ts";
import { nfsimOs } from "./pfctl/os.ts";
import { ping } from "./ping/ping.ts";
import { makeNsenter } from "./nsenter/nsenter.ts";
import { nc } from "./nc/nc.ts";
import { dmesg } from "./dmesg/dmesg.ts";

export const TOOLS: Readonly<Record<string, Tool>> = {
  iptables,
  "iptables-nft": iptables,
  "iptables-save": iptablesSave,
  "iptables-nft-save": iptablesSave,
  "iptables-restore": iptablesRestore,
  "iptables-nft-restore": iptablesRestore,
  // `ip netns exec NS CMD` runs the other tools: they are looked up when it runs.
  ip: (argv, world, ns, io) => ip(argv, world, ns, io, (name) => TOOLS[name]),
  sysctl,
  ipset,
  tcpdump,
  pfctl,
  "nfsim-os": nfsimOs,
  ping,
  nsenter: makeNsenter((name) => TOOLS[name]),
  nc,
  dmesg,
};

/** What a macOS host has of these (pf's pfctl, tcpdump); a Linux host has all but pfctl. */
const MACOS_TOOLS: ReadonlySet<string> = new Set(["pfctl", "tcpdump", "nfsim-os"]);
const EVERYWHERE: ReadonlySet<string> = new Set(["tcpdump", "nfsim-os"]);

/** The tool a host of this OS runs under that name, or undefined when the shell would not find one. */
export function toolFor(name: string, os: "linux" | "macos" | undefined): Tool | undefined {
  const present = EVERYWHERE.has(name) || MACOS_TOOLS.has(name) === (os === "macos");
  return present ? TOOLS[name] : undefined;
}
