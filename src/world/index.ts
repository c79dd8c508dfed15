export * from "./world.ts";
export * from "./random.ts";
