import { defineConfig } from "vitest/config";

// Tests that compare nfsim with the real tools in private network namespaces (root only).
export default defineConfig({
  test: {
    include: ["tests/kernel/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
