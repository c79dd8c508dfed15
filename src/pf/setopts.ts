// The `set` options of pf.conf (parse.y option): timeouts and limits, optimization hints,
// block-policy, require-order, state-policy, debug, hostid, loginterface and skip, printed
// with -v as pfctl prints them while it parses.
import { LIMIT_NAMES, TIMEOUT_NAMES } from "./names.ts";
import { STATE, type ParsedOptions, type Parser } from "./parse.ts";
import { SyntaxFail } from "./stream.ts";
import { atoul } from "./terms.ts";

/** option: `set` and what follows. */
export function parseOption(p: Parser): void {
  p.ts.next();
  const t = p.ts.next();
  if (t.kind !== "keyword") throw new SyntaxFail(t);
  switch (t.text) {
    case "optimization":
      return setOptimization(p);
    case "ruleset-optimization":
      return void p.terms.ts.expectString();
    case "timeout":
      return setList(p, "timeout");
    case "limit":
      return setList(p, "limit");
    case "loginterface":
      return setLoginterface(p);
    case "hostid":
      return setHostid(p);
    case "block-policy":
      return setBlockPolicy(p);
    case "require-order":
      return setRequireOrder(p);
    case "fingerprints":
      return setFingerprints(p);
    case "state-policy":
      return setStatePolicy(p);
    case "debug":
      return setDebug(p);
    case "skip":
      return setSkip(p);
    default:
      throw new SyntaxFail(t);
  }
}

function setOptimization(p: Parser): void {
  const name = p.ts.expectString();
  p.checkRulestate(STATE.option);
  const hints: Record<string, Record<string, number>> = {
    normal: { "tcp.first": 120, "tcp.opening": 30, "tcp.established": 86400, "tcp.closing": 900, "tcp.finwait": 45, "tcp.closed": 90, "tcp.tsdiff": 30 },
    satellite: { "tcp.first": 180, "tcp.opening": 35, "tcp.established": 86400, "tcp.closing": 905, "tcp.finwait": 50, "tcp.closed": 95, "tcp.tsdiff": 60 },
    conservative: { "tcp.first": 3600, "tcp.opening": 900, "tcp.established": 432000, "tcp.closing": 3600, "tcp.finwait": 600, "tcp.closed": 180, "tcp.tsdiff": 60 },
    aggressive: { "tcp.first": 30, "tcp.opening": 5, "tcp.established": 18000, "tcp.closing": 60, "tcp.finwait": 30, "tcp.closed": 30, "tcp.tsdiff": 10 },
  };
  const hint = hints[name.toLowerCase() === "high-latency" ? "satellite" : name.toLowerCase()];
  if (hint === undefined) {
    p.ts.warn("pfctl: invalid state timeouts optimization");
    p.ts.fail(`unknown optimization ${name}`);
  }
  Object.assign(p.options.timeouts, hint);
  if (p.verbose) p.out += `set optimization ${name}\n`;
}

/** set timeout / set limit: one `name number` or a brace list of them. */
function setList(p: Parser, kind: "timeout" | "limit"): void {
  const one = () => {
    const name = p.ts.expectString();
    const value = p.ts.expectNumber();
    setOne(p, kind, name, value);
  };
  if (!p.ts.acceptPunct("{")) return one();
  p.ts.optnl();
  one();
  p.ts.optnl();
  while (!p.ts.acceptPunct("}")) {
    p.ts.comma();
    one();
    p.ts.optnl();
  }
}

function setOne(p: Parser, kind: "timeout" | "limit", name: string, value: number): void {
  p.checkRulestate(STATE.option);
  if (value < 0 || value > 0xffffffff) p.ts.fail("only positive values permitted");
  const names = kind === "timeout" ? TIMEOUT_NAMES : LIMIT_NAMES;
  const known = names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (known === undefined) {
    p.ts.warn(kind === "timeout" ? "pfctl: Bad timeout name." : "pfctl: Bad pool name.");
    p.ts.fail(kind === "timeout" ? `unknown timeout ${name}` : `unable to set limit ${name} ${String(value)}`);
  }
  if (kind === "timeout") p.options.timeouts[known] = value;
  else p.options.limits[known] = value;
  if (p.verbose) p.out += `set ${kind} ${name} ${String(value)}\n`;
}

function setLoginterface(p: Parser): void {
  const t = p.ts.next();
  if (t.kind !== "string" && !p.ts.isKw("all", t)) throw new SyntaxFail(t);
  p.checkRulestate(STATE.option);
  p.options.loginterface = t.text === "none" ? "" : t.text;
  if (p.verbose) p.out += `set loginterface ${t.text}\n`;
}

function setHostid(p: Parser): void {
  const t = p.ts.next();
  let n: number | undefined;
  if (t.kind === "number") n = Number(t.text);
  else if (t.kind === "string") {
    n = atoul(t.text);
    if (n === undefined) p.ts.fail(`${t.text} is not a number`);
  } else throw new SyntaxFail(t);
  if (n === 0 || n > 0xffffffff) p.ts.fail("hostid must be non-zero");
  p.options.hostid = n;
  if (p.verbose) p.out += `set hostid 0x${n.toString(16).padStart(8, "0")}\n`;
}

function setBlockPolicy(p: Parser): void {
  const t = p.ts.next();
  if (!p.ts.isKw("drop", t) && !p.ts.isKw("return", t)) throw new SyntaxFail(t);
  if (p.verbose) p.out += `set block-policy ${t.text}\n`;
  p.checkRulestate(STATE.option);
  p.blockPolicy = t.text === "drop" ? "drop" : "return";
}

function setRequireOrder(p: Parser): void {
  const t = p.ts.next();
  let yes: boolean;
  if (p.ts.isKw("no", t)) yes = false;
  else if (t.kind === "string") {
    if (t.text !== "yes") p.ts.fail(`invalid value '${t.text}', expected 'yes' or 'no'`);
    yes = true;
  } else throw new SyntaxFail(t);
  if (p.verbose) p.out += `set require-order ${yes ? "yes" : "no"}\n`;
  p.requireOrder = yes;
}

function setFingerprints(p: Parser): void {
  const file = p.ts.expectString();
  if (p.verbose) p.out += `set fingerprints "${file}"\n`;
  p.checkRulestate(STATE.option);
}

function setStatePolicy(p: Parser): void {
  const t = p.ts.next();
  if (!p.ts.isKw("if-bound", t) && !p.ts.isKw("floating", t)) throw new SyntaxFail(t);
  if (p.verbose) p.out += `set state-policy ${t.text}\n`;
  p.statePolicyIfBound = t.text === "if-bound";
}

function setDebug(p: Parser): void {
  const level = p.ts.expectString();
  p.checkRulestate(STATE.option);
  if (!["none", "urgent", "misc", "loud"].includes(level)) {
    p.ts.warn(`pfctl: unknown debug level "${level}"`);
    p.ts.fail(`error setting debuglevel ${level}`);
  }
  p.options.debug = level as ParsedOptions["debug"] & string;
  if (p.verbose) p.out += `set debug ${level}\n`;
}

function setSkip(p: Parser): void {
  const ifs = p.terms.interfaces() ?? [];
  const only = ifs[0];
  if (ifs.length === 0 || (ifs.length === 1 && only !== undefined && !only.not && only.name === "none")) {
    if (p.verbose) p.out += "set skip on none\n";
    p.options.skip = [];
    return;
  }
  if (p.verbose) p.out += `set skip on {${ifs.map((i) => ` ${i.name}`).join("")} }\n`;
  if (ifs.some((i) => i.not)) {
    p.ts.yyerror("skip on ! <interface> is not supported");
    p.ts.fail("error setting skip interface(s)");
  }
  p.options.skip = [...(p.options.skip ?? []), ...ifs.map((i) => i.name)];
}
