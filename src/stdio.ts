import { fstatSync, writeSync } from 'node:fs';

/**
 * Everything awsprof prints goes through these two. They write to the descriptor directly: creating process.stdout
 * loads Node's stream machinery (and for a pipe, as in `eval "$(awsprof use dev)"`, its net module), a few ms of
 * every prompt's start. Written synchronously, a short output is complete when the process exits. A descriptor that
 * would block (a full pipe, a non-blocking terminal) hands this and every later write to the stream, so order is kept.
 */
export const writeStdout = descriptorWriter(1, () => process.stdout);
export const writeStderr = descriptorWriter(2, () => process.stderr);

function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string | Uint8Array) => void {
  let viaStream: NodeJS.WriteStream | undefined;
  let closed = false;
  const toStream = (text: string | Uint8Array) => {
    if (!viaStream) {
      viaStream = stream();
      endQuietlyOnClosedPipe(viaStream, () => (closed = true));
    }
    if (!closed) viaStream.write(text);
  };
  return (text) => {
    if (closed || text.length === 0) return;
    if (viaStream) return toStream(text);
    let bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(fd, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The reader is gone (see above): anything written after it is dropped.
        if (code === 'EPIPE') return void (closed = true);
        if (code === 'EAGAIN') return toStream(bytes);
        throw error;
      }
    }
  };
}

/**
 * `awsprof list | head` closes the pipe early: the reader has all it wanted, so that is no failure to report (a raw
 * EPIPE stack trace would be); anything else still is. For the streams: the full CLI's yargs prints help and
 * --version through process.stdout, and the writers above hand over to a stream when a descriptor would block.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, closed: () => void = () => undefined): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed();
  });
}

/**
 * Whether descriptor `fd` is a terminal, without creating process.stdout and friends (see above). Only a character
 * device can be one, and not Linux's memory devices (major 1: /dev/null, /dev/zero, where scripts and benchmarks send
 * output); asking node:tty (which loads net) is left to the rest, so a pipe, a file or /dev/null is answered by one fstat.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    const info = fstatSync(fd);
    if (!info.isCharacterDevice()) return false;
    if (process.platform === 'linux' && ((info.rdev >> 8) & 0xfff) === 1) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}
