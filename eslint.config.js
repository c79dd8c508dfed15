import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".nfsim/", "coverage/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/wire/**", "src/netfilter/**", "src/conntrack/**", "src/stack/**", "src/world/**", "src/pf/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["node:*", "fs", "path", "os", "child_process"] }],
      "no-restricted-properties": ["error",
        { object: "Date", property: "now", message: "the engine takes time from the world's clock" },
        { object: "Math", property: "random", message: "the engine takes randomness from the world's seeded source" }],
    },
  },
);
