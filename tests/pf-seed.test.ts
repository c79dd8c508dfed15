// examples/pf-seed.sh, the seed's pfctl session on a Mac, against its transcript
// (tests/golden/pf/pf-seed.txt: what a Mac prints for it, stdout and stderr as a terminal
// shows them). Edit the golden by hand when pfctl's output is corrected, and say why.
import { describe, expect, it } from "vitest";
import { golden, runExample } from "./pf-transcript.ts";

describe("examples/pf-seed.sh", () => {
  it("prints what a Mac prints for the seed's pfctl session", () => {
    const { transcript, status } = runExample("pf-seed.sh");
    expect({ transcript, status }).toEqual({ transcript: golden("pf-seed.txt"), status: 0 });
  });
});
