// `dmesg` (util-linux 2.38.1) over the world's kernel log: the lines netfilter's LOG target
// wrote (nf_log_syslog.c), stamped with the virtual clock as "[seconds.micros] ". Not
// namespaced, as on Linux; -c prints then clears, -C clears.
import type { World } from "../../world/world.ts";
import type { ToolIO } from "../io.ts";

function stamp(us: number): string {
  return `[${String(Math.floor(us / 1e6)).padStart(5)}.${String(Math.floor(us % 1e6)).padStart(6, "0")}] `;
}

export function dmesg(argv: readonly string[], world: World, _ns: string, io: ToolIO): number {
  const bad = argv.find((a) => a !== "-c" && a !== "-C" && a !== "--read-clear" && a !== "--clear");
  if (bad !== undefined) {
    io.stderr(bad.startsWith("--") ? `dmesg: unrecognized option '${bad}'\n` : `dmesg: invalid option -- '${bad.slice(1, 2)}'\n`);
    io.stderr("Try 'dmesg --help' for more information.\n");
    return 1;
  }
  const log = world.net?.log ?? [];
  if (!argv.includes("-C") && !argv.includes("--clear")) for (const l of log) io.stdout(`${stamp(l.at)}${l.text}\n`);
  if (argv.length > 0 && world.net !== undefined) world.net.log = [];
  return 0;
}
