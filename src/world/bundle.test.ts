import { describe, expect, it } from "vitest";
import { formatBundle, parseBundle } from "./bundle.ts";
import { ImportError } from "./import-error.ts";

function error(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("snapshot bundles", () => {
  it("reads back what it wrote, with multi-byte text and without a final newline", () => {
    const sections = [
      { name: "iptables-save", text: '*filter\n-A INPUT -m comment --comment "café" -j ACCEPT\nCOMMIT\n' },
      { name: "ip-rule", text: '[{"priority":0}]', exit: 0 },
      { name: "ipset", text: "", exit: 1 },
    ];
    const parsed = parseBundle(formatBundle(sections));
    expect(parsed.map((s) => [s.name, s.text, s.exit, s.line])).toEqual([
      ["iptables-save", sections[0]?.text, 0, 3],
      ["ip-rule", '[{"priority":0}]', 0, 9],
      ["ipset", "", 1, 12],
    ]);
  });

  it("counts bytes as wc -c does: a length that counts characters is damage", () => {
    const text = "#nfsim-snapshot 1\n#nfsim-section sysctl 6 0\ncafé\n\n#nfsim-end sysctl\n";
    expect(parseBundle(text)[0]?.text).toBe("café\n");
    const short = text.replace("sysctl 6 0", "sysctl 5 0");
    expect(error(() => parseBundle(short)).message).toBe('line 2: section sysctl is damaged: 5 bytes announced, but "#nfsim-end sysctl" does not follow them (the file was cut or altered)');
  });

  it("names the line of a file that was cut short", () => {
    const text = formatBundle([{ name: "a", text: "x\n" }, { name: "b", text: "y\ny\n" }]);
    expect(error(() => parseBundle(text.slice(0, -12))).message).toMatch(/^line 6: section b is damaged/);
  });

  it("refuses a line that is not a section header", () => {
    const text = `${formatBundle([{ name: "a", text: "x\n" }])}hello\n`;
    expect(error(() => parseBundle(text)).message).toBe('line 6: not a section header: "hello"');
  });

  it("turns CRLF line endings (a file rewritten in transit) into a damaged section", () => {
    const text = formatBundle([{ name: "sysctl", text: "net.ipv4.ip_forward = 1\n" }]).replace(/\n/g, "\r\n");
    expect(() => parseBundle(text)).toThrow(ImportError);
  });
});
