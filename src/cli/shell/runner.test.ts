import { describe, expect, it } from "vitest";
import { newWorld } from "../../world/world.ts";
import { ShellSession } from "./runner.ts";
import { parseScript, ShellSyntaxError } from "./syntax.ts";

function run(script: string, files: Record<string, string> = {}) {
  const world = newWorld();
  let out = "";
  let err = "";
  const session = new ShellSession(world, (t) => (out += t), (t) => (err += t), {
    name: "lab.sh",
    now: new Date(0),
    files: {
      read: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error("ENOENT");
        return text;
      },
      write: (p, t, append) => (files[p] = (append ? (files[p] ?? "") : "") + t),
    },
  });
  const status = session.run(parseScript(script));
  return { out, err, status, world, files, session };
}

describe("nfsim run", () => {
  it("reports files a filter cannot read as coreutils and grep do, and goes on", () => {
    const r = run(`cat /proc/sys/net/ipv4/nosuch; echo "rc=$?"
cat /nonexistent /etc/x; echo "rc=$?"
grep x /nonexistent; echo "rc=$?"
`, { "/etc/x": "x\n" });
    expect(r.out).toBe("rc=1\nx\nrc=1\nrc=2\n");
    expect(r.err).toBe(
      "cat: /proc/sys/net/ipv4/nosuch: No such file or directory\ncat: /nonexistent: No such file or directory\ngrep: /nonexistent: No such file or directory\n",
    );
  });

  it("runs tools, &&, ||, pipes into filters and here-documents", () => {
    const r = run(`iptables -N A && echo made || echo failed
iptables -N A && echo again || echo "exists: $?"
iptables-restore --noflush <<EOF
*filter
-A INPUT -s 10.0.0.1 -j DROP
-A INPUT -s 10.0.0.2 -j DROP
COMMIT
EOF
iptables -S INPUT | grep -c DROP
iptables -S | head -n 1
iptables -S | tail -n 1 | wc -l
`);
    expect(r.out).toBe("made\nexists: 1\n2\n-P INPUT ACCEPT\n1\n");
    expect(r.err).toBe("iptables: Chain already exists.\n");
  });

  it("expands variables, ! and exit statuses, and stops at exit", () => {
    const r = run(`NET=192.168.0.0/24
iptables -A INPUT -s "$NET" -j ACCEPT
! iptables -C INPUT -s $NET -j DROP 2>/dev/null && echo "no drop rule"
exit 4
echo unreachable`);
    expect(r.out).toBe("no drop rule\n");
    expect(r.err).toBe("");
    expect(r.status).toBe(4);
  });

  it("redirects to and from files", () => {
    const r = run("iptables -A INPUT -j ACCEPT\niptables-save > saved.txt\niptables -F\niptables-restore < saved.txt\niptables -S INPUT\n");
    expect(r.files["saved.txt"]).toContain("-A INPUT -j ACCEPT");
    expect(r.out).toBe("-P INPUT ACCEPT\n-A INPUT -j ACCEPT\n");
  });

  it("reports unknown commands as sh does and advances the clock with sleep", () => {
    const r = run("frobnicate --now\nsleep 2.5\n");
    expect(r.err).toBe("lab.sh: 1: frobnicate: not found\n");
    expect(r.world.clock).toBe(2500);
  });

  it("refuses constructs it does not run, naming them", () => {
    expect(() => parseScript("for i in 1 2; do echo $i; done")).toThrow(new ShellSyntaxError("line 1: unsupported shell construct: for loop"));
    expect(() => parseScript("echo $(date)")).toThrow(/command substitution/);
  });

  it("enters a namespace with nsenter and leaves it with exit", () => {
    const r = run("nsenter --net=/var/run/netns/LEMON\n");
    expect(r.err).toBe("nsenter: cannot open /var/run/netns/LEMON: No such file or directory\n");
    const world = newWorld();
    world.namespaces.LEMON = structuredClone(world.namespaces[""]!);
    const session = new ShellSession(world, () => undefined, () => undefined, { name: "x", now: new Date(0), files: { read: () => "", write: () => undefined } });
    session.run(parseScript("nsenter --net=/var/run/netns/LEMON\niptables -N INSIDE\nexit\niptables -N OUTSIDE\n"));
    expect(world.namespaces.LEMON!.ruleset.tables.filter!.chains.map((c) => c.name)).toContain("INSIDE");
    expect(world.namespaces[""]!.ruleset.tables.filter!.chains.map((c) => c.name)).toContain("OUTSIDE");
    expect(session.finished).toBe(false);
  });
});
