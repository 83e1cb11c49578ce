/**
 * `lxc.init.cmd` / `lxc.execute.cmd` are one string; LXC turns it into argv
 * with `lxc_string_split_quoted`: blanks separate words, single or double
 * quotes group blanks into a word and are removed when they wrap it. There
 * are no backslash escapes.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  const finish = () => {
    if (inWord) words.push(unwrap(word));
    word = '';
    inWord = false;
  };
  for (const ch of command) {
    if (quote) {
      word += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      finish();
    } else {
      if (ch === '"' || ch === "'") quote = ch;
      word += ch;
      inWord = true;
    }
  }
  finish();
  return words;
}

function unwrap(word: string): string {
  const q = word[0];
  return (q === '"' || q === "'") && word.length > 1 && word.endsWith(q) ? word.slice(1, -1) : word;
}
