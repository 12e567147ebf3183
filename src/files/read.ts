import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { AwsprofError } from '../errors.js';
import { expectManyObjectsFrom } from '../heap.js';

/**
 * Reads a config or credentials file as text. A missing file reads as empty, as in the AWS CLI. Synchronous on
 * purpose: a short-lived CLI reads two small files, and the promise machinery costs more than it saves.
 * Bytes that are not UTF-8 or a NUL byte mean the file is not text we can edit safely: refuse and name the line.
 */
export async function readTextFile(path: string): Promise<{ text: string; exists: boolean; bytes?: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: '', exists: false };
    if (code === 'EISDIR') throw new AwsprofError('is a directory, not a file', { file: path });
    if (code === 'EACCES') throw new AwsprofError('permission denied reading the file', { file: path });
    throw new AwsprofError(`cannot read the file (${code ?? 'unknown error'})`, { file: path });
  }
  expectManyObjectsFrom(bytes.length);
  return { text: decodeText(bytes, path), exists: true, bytes };
}

export function decodeText(bytes: Buffer, path: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new AwsprofError('contains a NUL byte; refusing to treat it as a text file', {
      file: path,
      line: lineOfOffset(bytes, nul),
    });
  }
  // Most files are plain ASCII, which is valid UTF-8 and decodes byte for byte: a copy instead of a decode (#7).
  if (isAscii(bytes)) return bytes.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new AwsprofError('is not valid UTF-8 text', { file: path, line: firstInvalidUtf8Line(bytes) });
  }
}

function lineOfOffset(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 10) line++;
  return line;
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  let start = 0;
  let line = 1;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
    line++;
  }
  return line;
}
