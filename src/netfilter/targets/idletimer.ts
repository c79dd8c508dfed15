// -j IDLETIMER, revision 1 (libxt_IDLETIMER.c; kernel net/netfilter/xt_IDLETIMER.c): every
// packet re-arms a timer named by --label; when it runs out the kernel notifies userspace
// (a sysfs attribute, with --alarm an alarm timer that also wakes the system). The effect
// asks the layers above to re-arm it; nfsim's clock is theirs.
import { defineTarget } from "../extension.ts";
import { parseIntX6 } from "../xtparse.ts";

interface IdletimerData {
  timeout: number;
  /** label[MAX_IDLETIMER_LABEL_SIZE = 28]: at most 27 characters are kept. */
  label: string;
  alarm: boolean;
}

/** xt_check_proc_name and idletimer_check_sysfs_name: names sysfs cannot take. */
function badLabel(label: string): boolean {
  return label === "" || label === "." || label === ".." || label.includes("/") || ["power", "subsystem", "uevent"].includes(label);
}

export const idletimer = defineTarget<IdletimerData>({
  name: "IDLETIMER",
  options: [
    { name: "timeout", arg: "required", mandatory: true },
    { name: "label", arg: "required", mandatory: true },
    { name: "alarm", arg: "none" },
  ],
  init: () => ({ timeout: 0, label: "", alarm: false }),
  parse({ option, arg = "", data }) {
    if (option === "timeout") return { ...data, timeout: parseIntX6("IDLETIMER", option, arg, 0, 0xffffffff) };
    if (option === "label") return { ...data, label: arg.slice(0, 27) };
    return { ...data, alarm: true };
  },
  // idletimer_tg_checkentry_v1: a timeout of 1 to INT_MAX / 1000 - 1 seconds and a usable name.
  // Not modelled: the kernel's timers are shared by label, and a label already armed with the
  // other timer type (--alarm or not) is refused.
  check: (d) => (d.timeout === 0 || d.timeout >= Math.floor(0x7fffffff / 1000) || badLabel(d.label) ? "EINVAL" : undefined),
  save: (d) => ` --timeout ${String(d.timeout)} --label ${d.label}${d.alarm ? " --alarm" : ""}`,
  print: (d) => ` timeout:${String(d.timeout)} label:${d.label}${d.alarm ? " alarm" : ""}`,
  act(d, ctx) {
    ctx.effects.push({ kind: "idletimer", label: d.label, timeout: d.timeout, alarm: d.alarm });
    return "continue";
  },
});
