// ipset: the sets of a namespace, the kernel's set commands, their listings, and the
// packet-side lookups that `-m set` and `-j SET` use.
export * from "./types.ts";
export * from "./errors.ts";
export { formatElem } from "./element.ts";
export { parseElem, parseNumber, parseCounter, parseComment, parseSkbmark, parseSkbprio, parseBitmapPort, checkSetname, toNumber, type AdtData } from "./parse.ts";
export { uadt, type AdtCommand, type AdtContext } from "./adt.ts";
export { createSet, destroySets, flushSets, renameSet, swapSets, requireSet, normaliseHeader } from "./store.ts";
export { purgeExpired } from "./members.ts";
export { listSets, listSet, memsize, type ListOptions, type OutputMode } from "./print.ts";
export { packetTest, packetAdd, packetDel, type PacketOpts, type CounterMatch, type CounterOp } from "./packet.ts";
export { referencesOf, ruleReferences } from "./refs.ts";
