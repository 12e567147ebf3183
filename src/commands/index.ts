import { assume } from './assume.js';
import { clean } from './clean.js';
import { consoleCommand } from './console.js';
import { exec } from './exec.js';
import { get } from './get.js';
import { list } from './list.js';
import { refresh } from './refresh.js';
import { rm } from './rm.js';
import { set } from './set.js';
import { completeProfiles, completionCommand, shellInit } from './shell.js';
import { credentialProcess } from './credential-process.js';
import { logout } from './logout.js';
import { mfa } from './mfa.js';
import { type DefinedCommand, flattenCommands } from './spec.js';
import { sso } from './sso.js';
import { use } from './use.js';
import { whoami } from './whoami.js';

/** Every command, listed explicitly: yargs cannot load a command directory under ESM. */
export const commands: readonly DefinedCommand[] = [
  assume,
  use,
  list,
  refresh,
  exec,
  whoami,
  consoleCommand,
  clean,
  set,
  get,
  rm,
  sso,
  shellInit,
  completionCommand(() => commands),
  completeProfiles,
  credentialProcess,
  mfa,
  logout,
];

/**
 * cli.ts runs these without loading yargs when their arguments are plain (see src/fast-path.ts): that matters most for
 * use, list, get and completion, which run in prompts, but saves ~30 ms on every command. yargs still handles help,
 * version and every usage error.
 */
export const fastCommands: readonly DefinedCommand[] = flattenCommands(commands);
