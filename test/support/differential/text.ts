import type { AwsFiles } from './harness.js';

export const BOM = '\uFEFF';

export const toLf = (text: string) => text.replace(/\r\n/g, '\n');
export const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

export function mapFiles(files: AwsFiles, map: (text: string) => string): AwsFiles {
  return {
    config: files.config === null ? null : map(files.config),
    credentials: files.credentials === null ? null : map(files.credentials),
  };
}

export const stripBom = (text: string) => (text.startsWith(BOM) ? text.slice(1) : text);

/** True when every `\n` is part of a `\r\n`. */
export const allCrlf = (text: string) => !/(^|[^\r])\n/.test(text);

/** Lines with their endings. */
export function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * When `after` is `before` with exactly one line inserted (the line before the insertion point may have gained the
 * newline it lacked), returns the 0-based index of the inserted line; otherwise undefined.
 */
export function insertedLineIndex(before: string, after: string, inserted: string): number | undefined {
  const terminated = before === '' || before.endsWith('\n') ? before : `${before}\n`;
  const old = linesOf(terminated);
  for (let index = 0; index <= old.length; index++) {
    const candidate = [...old.slice(0, index), inserted, ...old.slice(index)].join('');
    if (candidate === after) return index;
  }
  return undefined;
}

/** When `after` is `before` with exactly one line replaced, returns its 0-based index. */
export function replacedLineIndex(before: string, after: string, replacement: string): number | undefined {
  const old = linesOf(before);
  for (let index = 0; index < old.length; index++) {
    if ([...old.slice(0, index), replacement, ...old.slice(index + 1)].join('') === after) return index;
  }
  return undefined;
}

/** A compact, exact rendering of file text for test names and messages. */
export function show(text: string | null): string {
  return text === null ? '(no file)' : JSON.stringify(text);
}

export function showFiles(files: AwsFiles): string {
  return `config=${show(files.config)} credentials=${show(files.credentials)}`;
}
