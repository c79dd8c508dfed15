// Runs each golden case against the real iptables, in a fresh private network namespace
// per case (so each starts from an empty ruleset), and writes what every step printed.
// Started by scripts/capture-iptables-goldens.sh; the loop is scripts/capture-core.ts.
import { captureGoldens, checkIptablesVersion } from "./capture-core.ts";

captureGoldens({
  goldenDir: new URL("../tests/golden/iptables/", import.meta.url),
  namespacePrefix: "nfsim-golden",
  checkVersions: checkIptablesVersion,
});
