// What `-m set` and `-j SET` share (extensions/libxt_set.h): a set named by the
// kernel's answer to IP_SET_OP_GET_FNAME, and its "src,dst,..." direction flags.
import { parameterProblem } from "../errors.ts";
import type { ParseEnv } from "../extension.ts";

/** struct xt_set_info: the set and, per dimension, whether it comes from the source address/port. */
export interface SetRef {
  readonly name: string;
  readonly dirs: readonly ("src" | "dst")[];
}

/** IPSET_DIM_MAX. */
const DIM_MAX = 6;

/** get_set_byname: the set must exist and be of a family iptables (IPv4) can use. */
function lookupSet(name: string, env: ParseEnv): void {
  if (name.length > 31) throw parameterProblem(`setname \`${name}' too long, max 31 characters.`);
  const set = env.ipset?.(name);
  if (set === undefined) throw parameterProblem(`Set ${name} doesn't exist.\n`);
  if (set.family === "inet6") throw parameterProblem(`The protocol family of set ${name} is IPv6, which is not applicable.\n`);
}

/** parse_dirs: up to six comma separated words, each starting with "src" or "dst". */
function parseDirs(text: string): ("src" | "dst")[] {
  const words = text.split(",");
  const dirs: ("src" | "dst")[] = [];
  for (const word of words.slice(0, DIM_MAX)) {
    if (word.startsWith("src")) dirs.push("src");
    else if (word.startsWith("dst")) dirs.push("dst");
    else throw parameterProblem("You must spefify (the comma separated list of) 'src' or 'dst'.");
  }
  if (words.length > DIM_MAX) throw parameterProblem(`Can't be more src/dst options than ${String(DIM_MAX)}.`);
  return dirs;
}

/** "NAME FLAGS" of --match-set / --add-set / --del-set / --map-set: the flags word follows the option's argument. */
export function parseSetRef(option: string, name: string, next: string | undefined, env: ParseEnv): SetRef {
  if (next === undefined || next.startsWith("-") || next.startsWith("!")) {
    throw parameterProblem(`--${option} requires two args.`);
  }
  lookupSet(name, env);
  return { name, dirs: parseDirs(next) };
}

/** " NAME src,dst" as print_match / print_target write it after the option. */
export function formatSetRef(ref: SetRef): string {
  return ` ${ref.name} ${ref.dirs.join(",")}`;
}
