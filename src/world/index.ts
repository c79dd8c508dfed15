export * from "./world.ts";
export * from "./random.ts";
export * from "./netns.ts";
