import { assume } from './assume.js';
import { clean } from './clean.js';
import { get } from './get.js';
import { list } from './list.js';
import { refresh } from './refresh.js';
import { rm } from './rm.js';
import { set } from './set.js';
import { sso } from './sso.js';
import { completeProfiles, completion, shellInit } from './shell.js';
import { type DefinedCommand, flattenCommands } from './spec.js';
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
  sso,
  shellInit,
  completion,
  completeProfiles,
];

/**
 * cli.ts runs these without loading yargs when their arguments are plain (see src/fast-path.ts): that matters most for
 * use, list, get and completion, which run in prompts, but saves ~30 ms on every command. yargs still handles help,
 * version and every usage error.
 */
export const fastCommands: readonly DefinedCommand[] = flattenCommands(commands);
