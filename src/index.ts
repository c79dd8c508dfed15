// nfsim's public surface: the engine, the world, and the emulated tools run in-process.
export * from "./wire/index.ts";
export * from "./netfilter/index.ts";
export * from "./world/index.ts";
export { runCommand, type RunResult } from "./cli/run.ts";
export { TOOLS } from "./cli/tools.ts";
