// Expected strings are what iptables v1.8.9 (nf_tables) printed for the same commands.
import { describe, expect, it } from "vitest";
import { fails, kernel, refusal } from "../testkit.ts";

describe("nfacct match", () => {
  it("is refused by the kernel: no accounting object exists without nfacct(8)", () => {
    expect(refusal("iptables -A INPUT -m nfacct --nfacct-name foo")).toEqual(kernel("No such file or directory"));
  });

  it("refuses an empty or missing name", () => {
    expect(refusal("iptables -A INPUT -m nfacct")).toEqual(fails('nfacct: option "--nfacct-name" must be specified\n'));
    expect(refusal('iptables -A INPUT -m nfacct --nfacct-name ""')).toEqual(fails("Argument must have a minimum length of 1 characters\n"));
  });
});
