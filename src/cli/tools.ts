// The emulated tools by the name they are run as.
import type { Tool } from "./io.ts";
import { iptables } from "./iptables/iptables.ts";
import { iptablesRestore } from "./iptables/restore.ts";
import { iptablesSave } from "./iptables/save.ts";
import { ip } from "./ip/ip.ts";
import { sysctl } from "./sysctl/sysctl.ts";
import { tcpdump } from "./tcpdump/tcpdump.ts";
import { ipset } from "./ipset/ipset.ts";

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
};
