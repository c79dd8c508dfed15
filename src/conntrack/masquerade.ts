// MASQUERADE's clean-up (net/netfilter/nf_nat_masquerade.c): connections masqueraded to a
// device's address are forgotten when the device goes down or the address is deleted, so
// their next packets are NATed afresh. The stack calls these on those events.
import type { Ipv4 } from "../wire/ipv4.ts";
import { deleteEntry, type CtTable } from "./table.ts";

/** masq_device_event (NETDEV_DOWN): every entry masqueraded through the device. */
export function masqueradeDeviceDown(table: CtTable, iface: string): void {
  for (const e of Object.values(table.entries)) if (e.masqIface === iface) deleteEntry(table, e);
}

/** masq_inet_event (an address deleted): entries masqueraded through the device to that address (their reply destination). */
export function masqueradeAddressRemoved(table: CtTable, iface: string, addr: Ipv4): void {
  for (const e of Object.values(table.entries)) if (e.masqIface === iface && e.reply.dst === addr) deleteEntry(table, e);
}
