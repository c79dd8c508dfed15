import { describe, expect, it } from "vitest";
import { Out, printf } from "./print.ts";

describe("iproute2's output layer", () => {
  it("formats the printf conversions ip uses", () => {
    expect(printf("%-16s ", "veth0@veth1")).toBe("veth0@veth1      ");
    expect(printf("%-16s ", "a-very-long-name@if12")).toBe("a-very-long-name@if12 ");
    expect(printf("%d: ", 3)).toBe("3: ");
    expect(printf("flags %02x ", 5)).toBe("flags 05 ");
    expect(printf("%#llx", 255)).toBe("0xff");
  });

  it("writes JSON exactly as json_writer does, compact and pretty", () => {
    const build = (pretty: boolean) => {
      const out = new Out({ json: true, pretty, color: false, oneline: false });
      out.newJson();
      out.openObject();
      out.num("any", "ifindex", "%d: ", 1);
      out.openArray("any", "flags");
      out.str("any", undefined, "%s", "LOOPBACK");
      out.str("any", undefined, "%s", "UP");
      out.closeArray("any", "> ");
      out.str("fp", undefined, "ignored %s", "x");
      out.openArray("json", "addr_info");
      out.closeArray("json", "");
      out.closeObject();
      out.endJson();
      return out.text;
    };
    expect(build(false)).toBe('[{"ifindex":1,"flags":["LOOPBACK","UP"],"addr_info":[]}]\n');
    expect(build(true)).toBe('[ {\n        "ifindex": 1,\n        "flags": [ "LOOPBACK","UP" ],\n        "addr_info": [ ]\n    } ]\n');
  });

  it("colours text fields with the light palette when asked", () => {
    const out = new Out({ json: false, pretty: false, color: true, oneline: false });
    out.str("any", "ifname", "%-16s ", "lo", "ifname");
    out.str("any", "operstate", "%-14s ", "DOWN", "down");
    expect(out.text).toBe("\x1b[36mlo               \x1b[0m\x1b[31mDOWN           \x1b[0m");
  });
});
