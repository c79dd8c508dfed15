// The rule model, as plain JSON-serialisable data (ipt_entry + its matches and target).
import type { Ipv4Net } from "../wire/ipv4.ts";

export interface Counters {
  packets: number;
  bytes: number;
}

export interface AddrMatch extends Ipv4Net {
  readonly invert: boolean;
}

export interface IfaceMatch {
  /** As typed, a trailing "+" being a prefix wildcard. */
  readonly name: string;
  readonly invert: boolean;
}

/** The parts of ipt_ip every rule has: `-s -d -i -o -p -f`. */
export interface IpPart {
  readonly src?: AddrMatch;
  readonly dst?: AddrMatch;
  readonly in?: IfaceMatch;
  readonly out?: IfaceMatch;
  readonly proto?: { readonly num: number; readonly invert: boolean };
  readonly frag?: { readonly invert: boolean };
}

/** Extension data is whatever JSON the extension's parser builds. */
export type ExtData = Readonly<Record<string, unknown>>;

export interface MatchCall {
  readonly name: string;
  readonly data: ExtData;
}

export type StandardVerdict = "ACCEPT" | "DROP" | "RETURN";

export type TargetCall =
  | { readonly kind: "none" }
  | { readonly kind: "standard"; readonly verdict: StandardVerdict }
  | { readonly kind: "jump"; readonly chain: string }
  | { readonly kind: "goto"; readonly chain: string }
  | { readonly kind: "extension"; readonly name: string; readonly data: ExtData };

export interface Rule {
  readonly ip: IpPart;
  readonly matches: readonly MatchCall[];
  readonly target: TargetCall;
  counters: Counters;
  /** Run-time state of the extensions, by position ("m0", "m1", ..., "t"); not part of the rule's identity. */
  runtime?: Record<string, Record<string, unknown>>;
}

export function zeroCounters(): Counters {
  return { packets: 0, bytes: 0 };
}

/** The name iptables shows in the target column and after -j / -g. */
export function targetName(target: TargetCall): string {
  switch (target.kind) {
    case "none":
      return "";
    case "standard":
      return target.verdict;
    case "jump":
    case "goto":
      return target.chain;
    case "extension":
      return target.name;
  }
}

/** Two rules are the same rule (for -D and -C) when everything but counters is equal. */
export function sameRule(a: Rule, b: Rule): boolean {
  return canonicalJson(identity(a)) === canonicalJson(identity(b));
}

function identity(rule: Rule): unknown {
  return { ip: rule.ip, matches: rule.matches, target: rule.target };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
