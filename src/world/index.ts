export * from "./world.ts";
