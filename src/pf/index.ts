// pf as macOS has it: pf.conf parsing and printing, the kernel's rulesets, tables and state
// table as plain data, and pfTest(), the verdict the packet path asks for.
export * from "./types.ts";
export { formatAddr, inPrefix, maskAddr, parseAddr, toNumber, v4, type Af, type PfAddr } from "./addr.ts";
export { host, type HostInterface, type IfAddress } from "./hosts.ts";
export { parseConfig, type ParseOptions, type ParsedConfig } from "./parse.ts";
export { printRule, printAddr, type AddrCounts } from "./print.ts";
export { loadRules, type LoadOptions, type LoadResult } from "./load.ts";
export {
  newPfState, findOrCreate, childAnchors, resolveTable, tableLookup, newTable, collectTables, collectAnchors,
  DEFAULT_LIMITS, DEFAULT_TIMEOUTS,
} from "./kernel.ts";
export { bootPfState, STOCK_FILES, STOCK_PF_CONF, STOCK_COM_APPLE } from "./apple.ts";
export { pfTest, describePacket, type DecidingRule, type PfEnv, type PfEffect, type PfResult, type PfTraceStep } from "./eval.ts";
export { purgeStates, removeStates, expiresAt } from "./state.ts";
export { pflogHeaderText, type PflogRecord } from "./pflog.ts";
export {
  LCOUNTER_NAMES, LIMIT_NAMES, protoName, REASON_NAMES, serviceByName, TCP_STATES, TIMEOUT_NAMES, UDP_STATES,
} from "./names.ts";
