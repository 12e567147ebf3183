import { assume } from './assume.js';
import { clean } from './clean.js';
import { get } from './get.js';
import { list } from './list.js';
import { refresh } from './refresh.js';
import { rm } from './rm.js';
import { set } from './set.js';
import { completeProfiles, completion, shellInit } from './shell.js';
import type { DefinedCommand } from './spec.js';
import { use } from './use.js';
import { whoami } from './whoami.js';

/** Every command, listed explicitly: yargs cannot load a command directory under ESM. */
export const commands: readonly DefinedCommand[] = [
  assume,
  use,
  list,
  refresh,
  whoami,
  clean,
  set,
  get,
  rm,
  shellInit,
  completion,
  completeProfiles,
];

/** Commands fast enough to matter at start-up; cli.ts tries these without loading yargs. */
export const fastCommands: readonly DefinedCommand[] = [use, list, get, set, completeProfiles];
