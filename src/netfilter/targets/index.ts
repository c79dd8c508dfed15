// Every target extension, one line each.
import type { TargetExtension } from "../extension.ts";

export const TARGETS: readonly TargetExtension[] = [];
