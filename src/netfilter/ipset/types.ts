// The ipset data model: a network namespace's sets as plain JSON (the kernel's
// ip_set_list of net/netfilter/ipset/ip_set_core.c), and the set types nfsim knows with
// what libipset's type tables (lib/ipset_<type>.c of ipset 7.17) say about them.

/** The set types nfsim models, by their canonical names. */
export type SetTypeName = "hash:ip" | "hash:net" | "hash:ip,port" | "hash:net,port" | "hash:ip,port,ip" | "bitmap:port" | "list:set";

/** What one element of a set is made of (IPv4 addresses as unsigned numbers). */
export interface Elem {
  readonly ip?: number;
  /** Prefix length of a hash:net / hash:net,port element. */
  readonly cidr?: number;
  readonly proto?: number;
  /** Port, or for ICMP (type << 8) | code, as ipset keeps it. */
  readonly port?: number;
  readonly ip2?: number;
  /** Member set of a list:set. */
  readonly name?: string;
}

/** skbinfo extension: what `-j SET --map-set` copies to the packet. */
export interface SkbInfo {
  readonly mark: number;
  readonly mask: number;
  readonly prio: number;
  readonly queue: number;
}

/** A 64-bit counter: a number while it is exact in a double, its decimal text beyond. */
export type Count = number | string;

/** count + n, exactly. */
export function addCount(count: Count | undefined, n: number): Count {
  if (typeof count !== "string" && (count ?? 0) + n <= Number.MAX_SAFE_INTEGER) return (count ?? 0) + n;
  return toCount(BigInt(count ?? 0) + BigInt(n));
}

export function toCount(value: bigint): Count {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** One element and its extensions (ip_set_ext). */
export interface Member {
  readonly elem: Elem;
  /** Virtual time (ms) at which the element times out; absent: permanent ("timeout 0"). */
  expires?: number;
  /** Present when the set has counters. */
  packets?: Count;
  bytes?: Count;
  comment?: string;
  /** hash:net family: the element is an exception (IPSET_FLAG_NOMATCH). */
  nomatch?: boolean;
  skb?: SkbInfo;
}

/** The header of a set: its create options as the kernel keeps them. */
export interface SetHeader {
  readonly family: "inet" | "inet6" | "any";
  readonly hashsize?: number;
  readonly maxelem?: number;
  readonly netmask?: number;
  readonly bucketsize?: number;
  readonly initval?: number;
  /** bitmap:port. */
  readonly range?: { readonly first: number; readonly last: number };
  /** list:set. */
  readonly size?: number;
  /** Default element timeout in seconds; present when the set supports timeouts. */
  readonly timeout?: number;
  readonly counters?: boolean;
  readonly comment?: boolean;
  readonly skbinfo?: boolean;
  readonly forceadd?: boolean;
}

export interface IpSet {
  name: string;
  readonly type: SetTypeName;
  header: SetHeader;
  /**
   * Elements by their canonical text. Hash sets list them in insertion order (the kernel
   * lists hash buckets in an order that depends on its random initval), bitmap:port in port
   * order, list:set in list order (the record is rebuilt when an element goes before another).
   */
  members: Record<string, Member>;
}

/**
 * The sets of a namespace by kernel index: a destroyed set leaves a hole that the next
 * create reuses (ip_set_create's find_free_id), and listings go by index.
 */
export interface IpsetStore {
  slots: (IpSet | null)[];
}

export function emptyStore(): IpsetStore {
  return { slots: [] };
}

/** IPSET_MAXNAMELEN - 1. */
export const MAX_NAME = 31;
/** IPSET_MAX_COMMENT_SIZE. */
export const MAX_COMMENT = 255;
/** IPSET_MAX_TIMEOUT in seconds: (UINT_MAX >> 1) / MSEC_PER_SEC. */
export const MAX_TIMEOUT = 2147483;

/** An option keyword of libipset's lib/args.c, by the name it is written with. */
export type Keyword =
  | "family" | "-4" | "-6" | "hashsize" | "maxelem" | "netmask" | "bitmask" | "timeout" | "counters"
  | "comment" | "forceadd" | "skbinfo" | "bucketsize" | "initval" | "probes" | "resize" | "gc"
  | "range" | "size" | "from" | "to" | "network"
  | "nomatch" | "packets" | "bytes" | "skbmark" | "skbprio" | "skbqueue" | "before" | "after";

/** The element parts of a command that only some types and commands allow (check_allowed). */
export interface RangeAllowance {
  readonly ipTo: boolean;
  readonly cidr: boolean;
  readonly portTo: boolean;
}

export interface TypeInfo {
  readonly name: SetTypeName;
  readonly alias: string;
  readonly revision: number;
  /** NFPROTO_IPSET_IPV46 or NFPROTO_UNSPEC: the family header field is printed only for the former. */
  readonly family: "inet46" | "unspec";
  readonly dimension: 1 | 2 | 3;
  /** How each dimension of an element is parsed. */
  readonly parts: readonly ("ip" | "net" | "proto-port" | "single-ip" | "port" | "name")[];
  readonly create: readonly Keyword[];
  readonly add: readonly Keyword[];
  readonly del: readonly Keyword[];
  readonly test: readonly Keyword[];
  readonly ranges: { readonly add: RangeAllowance; readonly del: RangeAllowance; readonly test: RangeAllowance };
  /** IPSET_TYPE_NOMATCH. */
  readonly nomatch: boolean;
}

const HASH_CREATE: readonly Keyword[] = [
  "family", "-4", "-6", "hashsize", "maxelem", "timeout", "counters", "comment", "forceadd", "skbinfo", "bucketsize", "initval",
];
const EXT_ADD: readonly Keyword[] = ["timeout", "packets", "bytes", "comment", "skbmark", "skbprio", "skbqueue"];
const NET_ADD: readonly Keyword[] = ["timeout", "nomatch", "packets", "bytes", "comment", "skbmark", "skbprio", "skbqueue"];
const ALL: RangeAllowance = { ipTo: true, cidr: true, portTo: true };
const NONE: RangeAllowance = { ipTo: false, cidr: false, portTo: false };

/** The newest revision of each type that both ipset 7.17 and the kernel support. */
export const TYPES: readonly TypeInfo[] = [
  {
    name: "hash:ip", alias: "iphash", revision: 6, family: "inet46", dimension: 1, parts: ["ip"],
    create: [...HASH_CREATE.slice(0, 5), "netmask", "bitmask", ...HASH_CREATE.slice(5), "probes", "resize", "gc"],
    add: EXT_ADD, del: [], test: [],
    ranges: { add: ALL, del: ALL, test: ALL }, nomatch: false,
  },
  {
    name: "hash:net", alias: "nethash", revision: 7, family: "inet46", dimension: 1, parts: ["net"],
    create: [...HASH_CREATE, "probes", "resize"], add: NET_ADD, del: [], test: ["nomatch"],
    ranges: { add: ALL, del: ALL, test: { ipTo: false, cidr: true, portTo: false } }, nomatch: true,
  },
  {
    name: "hash:ip,port", alias: "ipporthash", revision: 7, family: "inet46", dimension: 2, parts: ["ip", "proto-port"],
    create: [...HASH_CREATE, "netmask", "bitmask", "probes", "resize", "from", "to", "network"],
    add: EXT_ADD, del: [], test: [],
    ranges: { add: ALL, del: ALL, test: NONE }, nomatch: false,
  },
  {
    name: "hash:net,port", alias: "netporthash", revision: 8, family: "inet46", dimension: 2, parts: ["net", "proto-port"],
    create: HASH_CREATE, add: NET_ADD, del: [], test: ["nomatch"],
    ranges: { add: ALL, del: ALL, test: { ipTo: false, cidr: true, portTo: false } }, nomatch: true,
  },
  {
    name: "hash:ip,port,ip", alias: "ipportiphash", revision: 6, family: "inet46", dimension: 3, parts: ["ip", "proto-port", "single-ip"],
    create: [...HASH_CREATE, "probes", "resize", "from", "to", "network"], add: EXT_ADD, del: [], test: [],
    ranges: { add: ALL, del: ALL, test: NONE }, nomatch: false,
  },
  {
    name: "bitmap:port", alias: "portmap", revision: 3, family: "unspec", dimension: 1, parts: ["port"],
    create: ["range", "timeout", "counters", "comment", "skbinfo", "from", "to"], add: EXT_ADD, del: [], test: [],
    ranges: { add: { ipTo: false, cidr: false, portTo: true }, del: { ipTo: false, cidr: false, portTo: true }, test: NONE },
    nomatch: false,
  },
  {
    name: "list:set", alias: "setlist", revision: 3, family: "unspec", dimension: 1, parts: ["name"],
    create: ["size", "timeout", "counters", "comment", "skbinfo"],
    add: ["timeout", "before", "after", "packets", "bytes", "comment", "skbmark", "skbprio", "skbqueue"],
    del: ["before", "after"], test: ["before", "after"],
    ranges: { add: NONE, del: NONE, test: NONE }, nomatch: false,
  },
];

export function typeInfo(name: SetTypeName): TypeInfo {
  const info = TYPES.find((t) => t.name === name);
  if (info === undefined) throw new Error(`unknown set type ${name}`);
  return info;
}

/**
 * ipset_typename_resolve / ipset_match_typename: a type by its name or its alias. Names
 * must match exactly; libipset also accepts the name without the revision-less prefix forms.
 */
export function resolveTypeName(text: string): TypeInfo | undefined {
  return TYPES.find((t) => t.name === text || t.alias === text);
}

export function liveSets(store: IpsetStore): IpSet[] {
  return store.slots.filter((s): s is IpSet => s !== null);
}

export function findSet(store: IpsetStore | undefined, name: string): IpSet | undefined {
  return store?.slots.find((s): s is IpSet => s !== null && s.name === name);
}

/** What libxt_set learns of a set by name (IP_SET_OP_GET_FNAME): ParseEnv.ipset over a store. */
export function setLookup(store: IpsetStore | undefined): (name: string) => { readonly family: SetHeader["family"] } | undefined {
  return (name) => {
    const set = findSet(store, name);
    return set === undefined ? undefined : { family: set.header.family };
  };
}
