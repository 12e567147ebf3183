import { resolveAwsFilePaths, type AwsFilePaths } from '../files/paths.js';
import { createOutput, isTerminal, type Output, shouldUseColor } from '../output.js';

/** What every command needs from the outside world, passed in so tests can run commands without a process. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  paths: AwsFilePaths;
  out: Output;
  now: () => Date;
}

/** The values of the options every command accepts (declared in GLOBAL_OPTIONS, commands/spec.ts). */
export interface GlobalOptions {
  'config-file'?: string;
  'credentials-file'?: string;
  color?: boolean;
  debug?: boolean;
}

export function createContext(options: GlobalOptions | Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const global = options as GlobalOptions;
  const colorFor = (fd: 1 | 2) => (global.color === false ? false : global.color === true || shouldUseColor(() => isTerminal(fd), env));
  return {
    env,
    paths: resolveAwsFilePaths(env, { configFile: global['config-file'], credentialsFile: global['credentials-file'] }),
    out: createOutput(() => colorFor(2), () => colorFor(1)),
    now: () => new Date(),
  };
}

/** The profile a command acts on when none is named: AWS_PROFILE, then AWS_DEFAULT_PROFILE, as botocore reads them. */
export function currentProfileFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || undefined;
}

/** `~/.aws/config` reads better than `/home/alice/.aws/config` in messages. */
export function displayPath(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME;
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
