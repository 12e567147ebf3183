/**
 * The two pieces of Python's shlex that AWS uses for section names: the AWS CLI writes a profile name with
 * whitespace as `[profile 'my name']` (shlex.quote) and botocore reads headers with shlex.split.
 */
const SAFE = /^[\w@%+=:,./-]+$/;

export function shlexQuote(text: string): string {
  if (text === '') return "''";
  if (SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** POSIX-mode shlex.split; returns undefined where Python raises ValueError (an unclosed quote or escape). */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\')) word += text[++index];
      else word += char;
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (char === "'" || char === '"') quote = char;
    else if (char === '\\') {
      if (index + 1 >= text.length) return undefined;
      word += text[++index];
    } else word += char;
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words;
}
