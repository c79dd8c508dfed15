// The protocol a kernel extension is registered for (struct xt_match / xt_target .proto):
// x_tables.c xt_check_match / xt_check_target refuse the rule unless its `-p` is exactly
// that protocol, not inverted. Under nf_tables, nft_compat.c hands the rule's protocol to
// the same checks (NFTA_RULE_COMPAT), so iptables-nft sees EINVAL at insert time.
import type { IpPart } from "./rule.ts";

export function protoRefusal(ip: IpPart, proto: number): "EINVAL" | undefined {
  return ip.proto?.num === proto && !ip.proto.invert ? undefined : "EINVAL";
}

/** The protocol numbers of the extensions that check it (include/uapi/linux/in.h). */
export const PROTO = { TCP: 6, UDP: 17, DCCP: 33, ESP: 50, AH: 51, COMP: 108, SCTP: 132 } as const;
