// -m cgroup, revision 2 (libxt_cgroup.c cgroup_*_v2; kernel net/netfilter/xt_cgroup.c):
// the cgroup (v2 path or net_cls classid) of the local socket a packet belongs to. A
// forwarded packet has no socket, which the kernel answers with no match; for local
// packets nfsim keeps no sockets or cgroups.
import { defineMatch } from "../extension.ts";
import { parseIntX6, saveString } from "../xtparse.ts";

interface CgroupData {
  readonly path?: { readonly value: string; readonly invert: boolean };
  readonly classid?: { readonly value: number; readonly invert: boolean };
}

function dump(d: CgroupData): string {
  let out = "";
  if (d.path) out += `${d.path.invert ? " !" : ""} --path${saveString(d.path.value)}`;
  if (d.classid) out += `${d.classid.invert ? " !" : ""} --cgroup ${String(d.classid.value)}`;
  return out;
}

export const cgroup = defineMatch<CgroupData>({
  name: "cgroup",
  options: [
    { name: "path", arg: "required", invert: true },
    { name: "cgroup", arg: "required", invert: true },
  ],
  init: () => ({}),
  parse({ option, arg = "", invert, data }) {
    // char path[XT_CGROUP_PATH_MAX]: the copy keeps 511 bytes.
    if (option === "path") return { ...data, path: { value: arg.slice(0, 511), invert } };
    return { ...data, classid: { value: parseIntX6("cgroup", option, arg, 0, 0xffffffff), invert } };
  },
  // cgroup_mt_check_v2: exactly one of a path or a classid, and the path must name a
  // cgroup (cgroup_get_from_path); nfsim's host has only the root one.
  check(d) {
    if ((d.path === undefined) === (d.classid === undefined)) return "EINVAL";
    return d.path !== undefined && !/^\/+$/.test(d.path.value) ? "EINVAL" : undefined;
  },
  allowed: { hooks: ["OUTPUT", "POSTROUTING", "INPUT"] },
  save: dump,
  print(d) {
    let out = " cgroup";
    if (d.path) out += ` ${d.path.invert ? "! " : ""}${d.path.value}`;
    if (d.classid) out += ` ${d.classid.invert ? "! " : ""}${String(d.classid.value)}`;
    return out;
  },
  unmodelled: (_d, ctx) =>
    ctx.inIface !== undefined && ctx.outIface !== undefined ? undefined : "nfsim does not model local sockets or their cgroups",
  match: () => false,
});
