// Shared by the tests of issue 7's matches: the real tool's failure forms, and packets
// that belong to a conntrack entry.
import type { ConntrackView, PacketState } from "../context.ts";

const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** A parameter problem: the message after the version prefix, the help hint, status 2. */
export const fails = (message: string) => ({ stderr: `iptables v1.8.9 (nf_tables): ${message}\n${TRY}`, exit: 2 });

/** The kernel refusing the appended rule with an errno text, status 4. */
export const kernel = (errno: string, chain = "INPUT") => ({
  stderr: `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (${errno}): rule in chain ${chain}\n`,
  exit: 4,
});

/** The packet as part of an established connection with these fields. */
export function tracked(pkt: PacketState, ct: Partial<ConntrackView> = {}): PacketState {
  return { ...pkt, ct: { state: "ESTABLISHED", dir: "ORIGINAL", status: [], mark: 0, expires: 100, ...ct } };
}
