// -m owner, revision 1 (libxt_owner.c owner_mt_*; kernel net/netfilter/xt_owner.c): the
// uid, gid or mere existence of the local socket that sent the packet. nfsim keeps no
// sockets with owners, so a packet a local process sent cannot be judged; a packet that
// came in from a device has no socket, which the kernel answers exactly.
import { parameterProblem } from "../errors.ts";
import type { EvalContext } from "../context.ts";
import { defineMatch } from "../extension.ts";
import { groupByName, groupName, userByName, userName } from "./accounts.ts";
import { xtStrtoul } from "./x6.ts";

/** XT_OWNER_* (include/uapi/linux/netfilter/xt_owner.h). */
const UID = 1 << 0;
const GID = 1 << 1;
const SOCKET = 1 << 2;
const SUPPL = 1 << 3;

interface OwnerData {
  readonly uid: readonly [number, number];
  readonly gid: readonly [number, number];
  readonly match: number;
  readonly invert: number;
}

const ID_MAX = 0xfffffffen;

/** owner_parse_range: "a", "a-b" or "a:b", each below 2^32 - 1 (-1 is no id). */
function parseRange(arg: string, option: string): [number, number] {
  const bad = () => parameterProblem(`owner: Bad value for "${option}" option: "${arg}"`);
  const from = xtStrtoul(arg, 0n, ID_MAX, true);
  if (from === undefined) throw bad();
  let to = from;
  if (from.rest.startsWith("-") || from.rest.startsWith(":")) {
    const t = xtStrtoul(from.rest.slice(1), 0n, ID_MAX, true);
    if (t === undefined) throw bad();
    to = t;
  }
  if (to.rest !== "") throw bad();
  return [Number(from.value), Number(to.value)];
}

function parseId(arg: string, option: string, byName: (n: string) => number | undefined): [number, number] {
  const id = byName(arg);
  return id !== undefined ? [id, id] : parseRange(arg, option);
}

function item(d: OwnerData, label: string, flag: number, numeric: boolean): string {
  if ((d.match & flag) === 0) return "";
  let out = `${(d.invert & flag) !== 0 ? " !" : ""} ${label}`;
  const range = flag === UID ? d.uid : flag === GID ? d.gid : undefined;
  if (range === undefined) return out;
  const [min, max] = range;
  if (min !== max) return `${out} ${String(min)}-${String(max)}`;
  const name = numeric ? undefined : flag === UID ? userName(min) : groupName(min);
  out += ` ${name ?? String(min)}`;
  return out;
}

function dump(d: OwnerData, labels: readonly string[], numeric: boolean): string {
  return [SOCKET, UID, GID, SUPPL].map((flag, i) => item(d, labels[i] ?? "", flag, numeric)).join("");
}

/** A packet that came in on a device and leaves on another: no local socket sent it. */
function forwarded(ctx: EvalContext): boolean {
  return ctx.inIface !== undefined && ctx.outIface !== undefined;
}

export const owner = defineMatch<OwnerData>({
  name: "owner",
  options: [
    { name: "uid-owner", arg: "required", invert: true },
    { name: "gid-owner", arg: "required", invert: true },
    { name: "socket-exists", arg: "none", invert: true },
    { name: "suppl-groups", arg: "none" },
  ],
  init: () => ({ uid: [0, 0], gid: [0, 0], match: 0, invert: 0 }),
  parse({ option, arg = "", invert, data }) {
    const flag = option === "uid-owner" ? UID : option === "gid-owner" ? GID : option === "socket-exists" ? SOCKET : SUPPL;
    if (flag === SUPPL) {
      if ((data.match & GID) === 0) throw parameterProblem('owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
      return { ...data, match: data.match | SUPPL };
    }
    const next = { ...data, match: data.match | flag, invert: data.invert | (invert ? flag : 0) };
    if (flag === UID) return { ...next, uid: parseId(arg, "--uid-owner", userByName) };
    if (flag === GID) return { ...next, gid: parseId(arg, "--gid-owner", groupByName) };
    return next;
  },
  finalCheck(d, seen) {
    if (seen.size === 0) {
      throw parameterProblem("owner: At least one of --uid-owner, --gid-owner or --socket-exists is required");
    }
    return d;
  },
  // xt_owner: only a packet on its way out can have a local socket.
  allowed: { hooks: ["OUTPUT", "POSTROUTING"] },
  // owner_check: a reversed range is no range.
  check: (d) => (((d.match & UID) !== 0 && d.uid[0] > d.uid[1]) || ((d.match & GID) !== 0 && d.gid[0] > d.gid[1]) ? "EINVAL" : undefined),
  save: (d) => dump(d, ["--socket-exists", "--uid-owner", "--gid-owner", "--suppl-groups"], true),
  print: (d, { numeric }) => dump(d, ["owner socket exists", "owner UID match", "owner GID match", "incl. suppl. groups"], numeric),
  unmodelled: (_d, ctx) => (forwarded(ctx) ? undefined : "nfsim does not model the local socket that sent a packet, nor its owner"),
  // owner_mt without a socket: a match only when every option given is inverted.
  match: (d) => (d.match ^ d.invert) === 0,
});
