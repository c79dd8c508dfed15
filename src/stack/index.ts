export * from "./types.ts";
export * from "./namespace.ts";
export * from "./route.ts";
