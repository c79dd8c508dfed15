// Every match extension, one line each.
import type { MatchExtension } from "../extension.ts";
import { tcp } from "./tcp.ts";

export const MATCHES: readonly MatchExtension[] = [tcp];
