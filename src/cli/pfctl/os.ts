// `nfsim host [NAME] [--os linux|macos]`: nfsim's own command for what a host runs, typed
// after `ip netns add NAME` (or, without NAME, for the host the command runs on). A Linux
// host filters with netfilter (iptables); a macOS host with pf (pfctl), booted as a Mac
// boots: the stock /etc/pf.conf loaded, pf disabled, loopback lo0. Without --os it prints
// the host's OS. The same command works in scripts (`nfsim host MAC --os macos`) and from
// the command line (`bin/nfsim host MAC --os macos`).
import type { Tool } from "../io.ts";
import { makeLinux, makeMacos } from "./host.ts";

export const NFSIM_HOST_USAGE = "usage: nfsim host [NAME] [--os linux|macos]\n";

type HostArgs = { readonly name?: string; readonly os?: string } | "usage";

function parseHostArgs(argv: readonly string[]): HostArgs {
  let name: string | undefined;
  let os: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--os") os = argv[++i];
    else if (a.startsWith("--os=")) os = a.slice(5);
    else if (a.startsWith("-") || name !== undefined) return "usage";
    else name = a;
  }
  if (argv.at(-1) === "--os" || (os !== undefined && os !== "linux" && os !== "macos")) return "usage";
  return { ...(name !== undefined ? { name } : {}), ...(os !== undefined ? { os } : {}) };
}

const host: Tool = (argv, world, ns, io) => {
  const args = parseHostArgs(argv);
  if (args === "usage") {
    io.stderr(NFSIM_HOST_USAGE);
    return 2;
  }
  const target = args.name ?? ns;
  const netns = world.namespaces[target];
  if (netns === undefined) {
    io.stderr(`nfsim host: ${target}: no such network namespace (ip netns add ${target} makes one)\n`);
    return 1;
  }
  if (args.os === undefined) io.stdout(`${netns.os ?? "linux"}\n`);
  else if (args.os === "macos") makeMacos(world, target);
  else makeLinux(world, target);
  return 0;
};

/** `nfsim SUBCOMMAND ...` as a command of the world's shells: only `host` is one. */
export const nfsimCommand: Tool = (argv, world, ns, io) => {
  if (argv[0] === "host") return host(argv.slice(1), world, ns, io);
  io.stderr(NFSIM_HOST_USAGE);
  return 2;
};
