import type { ChalkInstance } from 'chalk';
import { writeStderr, writeStdout } from './stdio.js';

/**
 * stdout carries data for eval/jq; everything meant for people goes to stderr.
 * Colour is decided once, here: chalk reads FORCE_COLOR but not NO_COLOR, so we honour NO_COLOR ourselves.
 */
export interface Output {
  /** Bytes are written as they are (a laid-out table); text gets a final line break if it has none. */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Colour for messages on stderr. */
  colors: boolean;
  /** Colour for tables on stdout (`list`): only when stdout itself is a terminal. */
  stdoutColors: boolean;
}

/** Without --color / --no-color (handled by the caller): NO_COLOR, FORCE_COLOR, a dumb terminal, then the TTY. */
export function shouldUseColor(isTerminal: () => boolean, env: NodeJS.ProcessEnv): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return isTerminal();
}

/** The colour decisions are made when first asked for: asking a stream whether it is a terminal creates it (below). */
export function createOutput(colors: () => boolean, stdoutColors: () => boolean = () => false): Output {
  let stderrColors: boolean | undefined;
  let tableColors: boolean | undefined;
  return {
    get colors() {
      return (stderrColors ??= colors());
    },
    get stdoutColors() {
      return (tableColors ??= stdoutColors());
    },
    stdout: (text) => writeStdout(typeof text !== 'string' || text.endsWith('\n') || text === '' ? text : `${text}\n`),
    stderr: (text) => writeStderr(text.endsWith('\n') || text === '' ? text : `${text}\n`),
  };
}

/** Minimal styling helpers so most commands never import chalk. */
export type Paint = (text: string) => string;
export interface Palette {
  red: Paint;
  yellow: Paint;
  green: Paint;
  dim: Paint;
  bold: Paint;
  cyan: Paint;
}

const plain: Paint = (text) => text;
const PLAIN_PALETTE: Palette = { red: plain, yellow: plain, green: plain, dim: plain, bold: plain, cyan: plain };

let chalkPalette: Palette | undefined;

export async function loadPalette(colors: boolean): Promise<Palette> {
  if (!colors) return PLAIN_PALETTE;
  if (!chalkPalette) {
    const { Chalk } = await import('chalk');
    const chalk: ChalkInstance = new Chalk({ level: 1 });
    chalkPalette = {
      red: (t) => chalk.red(t),
      yellow: (t) => chalk.yellow(t),
      green: (t) => chalk.green(t),
      dim: (t) => chalk.dim(t),
      bold: (t) => chalk.bold(t),
      cyan: (t) => chalk.cyan(t),
    };
  }
  return chalkPalette;
}

export { isTerminal, writeStderr, writeStdout } from './stdio.js';

/** The one escape for text shown on a terminal lives in terminal-text.ts (pure, shared with src/shell). */
export { escapeForTerminal, shown, stringifyJsonForTerminal } from './terminal-text.js';
