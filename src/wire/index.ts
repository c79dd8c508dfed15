export * from "./ipv4.ts";
export * from "./packet.ts";
