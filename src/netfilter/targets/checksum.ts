// -j CHECKSUM (libxt_CHECKSUM.c; kernel net/netfilter/xt_CHECKSUM.c), mangle table only.
// checksum_tg fills in a checksum the kernel left for the NIC to compute (CHECKSUM_PARTIAL).
// nfsim has no checksum offload: every packet it carries has its checksums, so there is
// nothing to fill and the packet goes on unchanged, as it would on a host without offload.
import { defineTarget } from "../extension.ts";

export const checksum = defineTarget<{ fill: boolean }>({
  name: "CHECKSUM",
  options: [{ name: "checksum-fill", arg: "none", mandatory: true }],
  init: () => ({ fill: false }),
  parse: () => ({ fill: true }),
  allowed: { tables: ["mangle"] },
  save: (d) => (d.fill ? " --checksum-fill" : ""),
  print: (d) => ` CHECKSUM${d.fill ? " fill" : ""}`,
  act: () => "continue",
});
