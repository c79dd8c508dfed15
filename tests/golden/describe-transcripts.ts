// The suite every golden transcript test has: one test that there are transcripts, and one
// per transcript of the folder, in name order.
import { describe, expect, it } from "vitest";
import { readSteps, transcriptFiles } from "./transcripts.ts";

/** One test per transcript of `dir` (and one that there are any), each replayed by `replay`. */
export function describeTranscripts<S>(title: string, dir: URL, replay: (steps: S[]) => void): void {
  const files = transcriptFiles(dir);
  describe(title, () => {
    it("has transcripts to replay", () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files)("%s", (file) => {
      replay(readSteps<S>(dir, file));
    });
  });
}
