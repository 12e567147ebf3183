import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface AwsFilePaths {
  config: string;
  credentials: string;
}

export interface PathOverrides {
  configFile?: string;
  credentialsFile?: string;
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

/**
 * Where the AWS CLI looks: the global flags win, then AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, then ~/.aws.
 * `~` is expanded because botocore expands it (os.path.expanduser) and users write it in their env files.
 */
export function resolveAwsFilePaths(env: NodeJS.ProcessEnv, overrides: PathOverrides = {}): AwsFilePaths {
  const home = env.HOME || homedir();
  const pick = (flag: string | undefined, variable: string | undefined, fallback: string) =>
    resolve(expandHome(flag || variable || fallback, home));
  return {
    config: pick(overrides.configFile, env.AWS_CONFIG_FILE, join(home, '.aws', 'config')),
    credentials: pick(overrides.credentialsFile, env.AWS_SHARED_CREDENTIALS_FILE, join(home, '.aws', 'credentials')),
  };
}
