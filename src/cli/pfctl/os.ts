// `nfsim-os [linux|macos]`: nfsim's own command for what a host runs. A Linux host filters
// with netfilter (iptables); a macOS host with pf (pfctl), booted with the stock ruleset.
// Without an argument it prints the host's OS.
import { namespaceOf } from "../../world/world.ts";
import type { Tool } from "../io.ts";
import { makeMacos } from "./host.ts";

export const nfsimOs: Tool = (argv, world, ns, io) => {
  const host = namespaceOf(world, ns);
  const [os] = argv;
  if (os === undefined) {
    io.stdout(`${host.os ?? "linux"}\n`);
    return 0;
  }
  if (argv.length > 1 || (os !== "linux" && os !== "macos")) {
    io.stderr("usage: nfsim-os [linux|macos]\n");
    return 2;
  }
  if (os === "macos") makeMacos(world, ns);
  else {
    delete host.os;
    delete host.pf;
  }
  return 0;
};
