#!/usr/bin/env node
/**
 * dist/cli.js, the program people run. The commands that run in shell prompts and new terminals (use, list, get, set,
 * shell-init and completion's profile names) are answered here, on their fast path, by a bundle that holds nothing
 * else; every other command, and anything that needs yargs (help, usage errors), is handed to dist/awsprof.mjs (src/cli.ts)
 * with the same arguments. Each new command would otherwise slow every prompt: V8 compiles the whole bundle it loads.
 */
import { get } from './commands/get.js';
import { list } from './commands/list.js';
import { set } from './commands/set.js';
import { completeProfiles, shellInit } from './commands/shell.js';
import { use } from './commands/use.js';
import { fastCommandFor, guarded } from './run.js';

const args = process.argv.slice(2);
const fast = fastCommandFor(args, process.env, [use, list, get, set, shellInit, completeProfiles]);
// No top-level await: this bundle is CommonJS, which Node starts ~15 ms sooner than an ES module (scripts/build.mjs).
if (fast) {
  void guarded(args, process.env, () => fast.command.execute(fast.parsed)).then((code) => {
    process.exitCode = code;
  });
} else {
  // @ts-expect-error: the build's other bundle (src/cli.ts), resolved at run time beside this one.
  void import('./awsprof.mjs');
}
