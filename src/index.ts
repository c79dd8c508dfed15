// nfsim's public surface: the engine, the world, and the emulated tools run in-process.
export * from "./wire/index.ts";
export * from "./netfilter/index.ts";
export * from "./world/index.ts";
export { runCommand, type RunResult } from "./cli/run.ts";
// The library API (src/api.ts): `World` here is the class; the plain state it wraps is `WorldState`.
export { World, packetSpec, type Packet, type SendResult } from "./api.ts";
export type { World as WorldState } from "./world/world.ts";
export { sendPacket, SendError, type PacketSpec, type SendPlace, type Sent } from "./world/send.ts";
export { ImportError } from "./world/import-error.ts";
export type { Fate, PathTrace, TraceStep } from "./stack/skb.ts";
export { TOOLS } from "./cli/tools.ts";
