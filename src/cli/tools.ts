// The emulated tools by the name they are run as.
import type { Tool } from "./io.ts";
import { iptables } from "./iptables/iptables.ts";
import { iptablesRestore } from "./iptables/restore.ts";
import { iptablesSave } from "./iptables/save.ts";
import { tcpdump } from "./tcpdump/tcpdump.ts";

export const TOOLS: Readonly<Record<string, Tool>> = {
  iptables,
  "iptables-nft": iptables,
  "iptables-save": iptablesSave,
  "iptables-nft-save": iptablesSave,
  "iptables-restore": iptablesRestore,
  "iptables-nft-restore": iptablesRestore,
  tcpdump,
};
