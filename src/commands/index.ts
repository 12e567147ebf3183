import { assume } from './assume.js';
import { get } from './get.js';
import { refresh } from './refresh.js';
import { rm } from './rm.js';
import { set } from './set.js';
import type { DefinedCommand } from './spec.js';
import { use } from './use.js';
import { whoami } from './whoami.js';

/** Every command, listed explicitly: yargs cannot load a command directory under ESM. */
export const commands: readonly DefinedCommand[] = [assume, use, refresh, whoami, set, get, rm];

/** Commands fast enough to matter at start-up; cli.ts tries these without loading yargs. */
export const fastCommands: readonly DefinedCommand[] = [use, get, set];
