export * from "./world.ts";
export * from "./random.ts";
export * from "./netns.ts";
export * from "./net.ts";
export * from "./net-state.ts";
export * from "./process.ts";
export * from "./trace-text.ts";
