// Which tables sit on which hook, at which priority: one data table, as the kernel
// registers them (include/uapi/linux/netfilter_ipv4.h, enum nf_ip_hook_priorities).

export const HOOKS = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"] as const;
export type Hook = (typeof HOOKS)[number];

export const TABLE_NAMES = ["raw", "mangle", "nat", "filter", "security"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const PRIORITY = {
  raw: -300,
  conntrack: -200,
  mangle: -150,
  natDst: -100,
  filter: 0,
  security: 50,
  natSrc: 100,
} as const;

/** Built-in chains of each table, in the order iptables prints them, with their priority. */
export const TABLE_HOOKS: Readonly<Record<TableName, readonly { hook: Hook; priority: number }[]>> = {
  raw: [
    { hook: "PREROUTING", priority: PRIORITY.raw },
    { hook: "OUTPUT", priority: PRIORITY.raw },
  ],
  mangle: HOOKS.map((hook) => ({ hook, priority: PRIORITY.mangle })),
  nat: [
    { hook: "PREROUTING", priority: PRIORITY.natDst },
    { hook: "INPUT", priority: PRIORITY.natSrc },
    { hook: "OUTPUT", priority: PRIORITY.natDst },
    { hook: "POSTROUTING", priority: PRIORITY.natSrc },
  ],
  filter: [
    { hook: "INPUT", priority: PRIORITY.filter },
    { hook: "FORWARD", priority: PRIORITY.filter },
    { hook: "OUTPUT", priority: PRIORITY.filter },
  ],
  security: [
    { hook: "INPUT", priority: PRIORITY.security },
    { hook: "FORWARD", priority: PRIORITY.security },
    { hook: "OUTPUT", priority: PRIORITY.security },
  ],
};

export function isTableName(name: string): name is TableName {
  return (TABLE_NAMES as readonly string[]).includes(name);
}

export function isHook(name: string): name is Hook {
  return (HOOKS as readonly string[]).includes(name);
}

export function builtinChains(table: TableName): Hook[] {
  return TABLE_HOOKS[table].map((h) => h.hook);
}

/** The tables met on a hook, lowest priority first. */
export function tablesOnHook(hook: Hook): TableName[] {
  return TABLE_NAMES.flatMap((table) =>
    TABLE_HOOKS[table].filter((h) => h.hook === hook).map((h) => ({ table, priority: h.priority })),
  )
    .sort((a, b) => a.priority - b.priority)
    .map((t) => t.table);
}
