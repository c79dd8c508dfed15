// Connection tracking and NAT: the engine behind the packet path's conntrack and nat
// points, the table saved with each namespace, and what `conntrack` prints.
export * from "./steps.ts";
export { conntrackSteps, packetTuple, type ConntrackOptions } from "./engine.ts";
export { hookManip, type CtHost } from "./nat-hooks.ts";
export { configFromSysctl, DEFAULT_CONFIG, DEFAULT_TIMEOUTS, type CtConfig, type CtTimeouts } from "./config.ts";
export { IPS, statusNames, type CtEntry, type CtZone } from "./entry.ts";
export {
  collectExpired, deleteEntry, entryCount, findEntry, flushTable, liveEntries, newConntrackTable, type CtExpect, type CtTable,
} from "./table.ts";
export { formatEntry, secondsLeft, type FormatOptions } from "./format.ts";
export { masqueradeAddressRemoved, masqueradeDeviceDown } from "./masquerade.ts";
export { TCP_STATE_NAMES, tcpStateName, type TcpStateName } from "./tcp.ts";
export { invertTuple, type Tuple } from "./tuple.ts";
