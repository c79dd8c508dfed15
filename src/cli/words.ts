// Splits a command line into words the way sh does for the simple cases tests and
// transcripts use: blanks separate, '...' is literal, "..." allows \" \\ \$ \`, \ escapes.
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? "";
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${line}`);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        const c = line[i] ?? "";
        if (c === "\\" && /["\\$`]/.test(line[i + 1] ?? "")) word += line[++i] ?? "";
        else word += c;
      }
      if (i >= line.length) throw new Error(`unterminated quote in: ${line}`);
      inWord = true;
    } else if (ch === "\\") {
      word += line[++i] ?? "";
      inWord = true;
    } else if (ch === " " || ch === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
