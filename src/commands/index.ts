import type { CommandModule } from 'yargs';
import type { GlobalOptions } from './context.js';
import { getCommand } from './get.js';
import { rmCommand } from './rm.js';
import { setCommand } from './set.js';

/** Every command, listed explicitly: yargs cannot load a command directory under ESM. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<GlobalOptions, any>[] = [setCommand, getCommand, rmCommand];
