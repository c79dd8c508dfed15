// -m comment (libxt_comment.c): always matches; carries text shown in listings.
import { defineMatch } from "../extension.ts";
import { saveString } from "../xtparse.ts";

export const comment = defineMatch<{ comment: string }>({
  name: "comment",
  options: [{ name: "comment", arg: "required", mandatory: true }],
  init: () => ({ comment: "" }),
  parse: ({ arg = "", data }) => ({ ...data, comment: arg.slice(0, 255) }),
  save: (d) => ` --comment${saveString(d.comment)}`,
  print: (d) => ` /* ${d.comment} */`,
  match: () => true,
});
