// Whether this machine can run the real tools in private network namespaces.
import { execFileSync } from "node:child_process";

function realIptablesVersion(): string | undefined {
  try {
    return execFileSync("iptables", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** Undefined when the kernel tests can run, else the reason they are skipped. */
export function kernelSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "not root";
  const version = realIptablesVersion();
  if (version === undefined) return "iptables is not installed";
  if (version !== "iptables v1.8.9 (nf_tables)") return `real iptables is ${version}, not v1.8.9 (nf_tables)`;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "ignore" });
  } catch {
    return "ip netns is not available";
  }
  return undefined;
}
