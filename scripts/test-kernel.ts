// `npm run test:kernel [-- --cases N --seed S --parallel P] [vitest options]`: the kernel
// test suite (vitest.kernel.config.ts). vitest refuses options it does not know, so the
// differential test's numbers are taken off the command line here and handed over in
// NFSIM_DIFF_CASES / NFSIM_DIFF_SEED / NFSIM_DIFF_PARALLEL; the rest goes to vitest.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const OPTIONS: Readonly<Record<string, string>> = {
  "--cases": "NFSIM_DIFF_CASES",
  "--seed": "NFSIM_DIFF_SEED",
  "--parallel": "NFSIM_DIFF_PARALLEL",
  "--determinism": "NFSIM_DIFF_DETERMINISM",
};

const env: Record<string, string | undefined> = { ...process.env };
const rest: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] ?? "";
  const [name = "", inline] = arg.split("=", 2);
  const variable = OPTIONS[name];
  if (variable === undefined) {
    rest.push(arg);
    continue;
  }
  const value = inline ?? argv[++i];
  if (value === undefined || !/^\d+$/.test(value)) {
    console.error(`test:kernel: ${name} needs a whole number`);
    process.exit(2);
  }
  env[variable] = value;
}

const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));
const r = spawnSync(process.execPath, [vitest, "run", "--config", "vitest.kernel.config.ts", ...rest], { stdio: "inherit", env, cwd: root });
process.exit(r.status ?? 1);
