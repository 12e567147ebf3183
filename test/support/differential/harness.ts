import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAwsCli } from '../aws-cli.js';

/** The real AWS CLI v2 from Debian. `aws` on PATH is an old v1 and must not be used. */
export const AWS_V2 = '/usr/bin/aws';
export const AWSPROF_CLI = resolve('dist/cli.js');

export type FileName = 'config' | 'credentials';
export const FILE_NAMES: readonly FileName[] = ['config', 'credentials'];

/** The two files of one home; null means the file does not exist. */
export interface AwsFiles {
  config: string | null;
  credentials: string | null;
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Cap on child processes across the whole suite: the AWS CLI is CPU-bound for ~0.5 s per call. */
const CONCURRENCY = Number(process.env.DIFFERENTIAL_CONCURRENCY) || Math.max(2, Math.min(4, availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ToolResult> {
  return limited(
    () =>
      new Promise<ToolResult>((done, fail) => {
        const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', (error) => {
          clearTimeout(timer);
          fail(error);
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr });
        });
      }),
  );
}

/**
 * One fresh home: HOME, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point into it, every other AWS_* (and
 * AWSPROF_*) variable is removed, NO_COLOR is set. Both tools get a home of exactly this shape.
 */
export class Home {
  readonly env: NodeJS.ProcessEnv;
  private constructor(readonly dir: string) {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('AWS_') && !key.startsWith('AWSPROF_')) env[key] = value;
    }
    delete env.FORCE_COLOR;
    env.HOME = dir;
    env.AWS_CONFIG_FILE = join(dir, 'config');
    env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    env.NO_COLOR = '1';
    this.env = env;
  }

  static async create(label: string, files: AwsFiles): Promise<Home> {
    const dir = await mkdtemp(join(tmpdir(), `awsprof-diff-${label}-`));
    const home = new Home(dir);
    await home.write(files);
    return home;
  }

  path(name: FileName): string {
    return join(this.dir, name);
  }

  async write(files: AwsFiles): Promise<void> {
    for (const name of FILE_NAMES) {
      const text = files[name];
      if (text === null) await rm(this.path(name), { force: true });
      else await writeFile(this.path(name), text, 'utf8');
    }
  }

  async read(): Promise<AwsFiles> {
    const files: AwsFiles = { config: null, credentials: null };
    for (const name of FILE_NAMES) {
      try {
        files[name] = await readFile(this.path(name), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return files;
  }

  /** `awsprof set ...args` */
  awsprofSet(args: readonly string[]): Promise<ToolResult> {
    return exec(process.execPath, [AWSPROF_CLI, 'set', ...args], this.env);
  }

  /** `/usr/bin/aws configure set ...args` */
  awsSet(args: readonly string[]): Promise<ToolResult> {
    return runAwsCli(['configure', 'set', ...args], this.env);
  }

  /** `/usr/bin/aws configure get ...args`: the AWS CLI's own reading of this home's files. */
  awsGet(args: readonly string[]): Promise<ToolResult> {
    return runAwsCli(['configure', 'get', ...args], this.env);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export async function withHomes<T>(files: AwsFiles, labels: readonly string[], work: (homes: Home[]) => Promise<T>): Promise<T> {
  const homes = await Promise.all(labels.map((label) => Home.create(label, files)));
  try {
    return await work(homes);
  } finally {
    await Promise.all(homes.map((home) => home.dispose()));
  }
}

/** Builds dist/ once when it is missing (npm test builds it before vitest starts). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(AWSPROF_CLI)) return;
  const result = await exec('npm', ['run', 'build'], process.env);
  if (result.code !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Fails loudly unless /usr/bin/aws is the AWS CLI v2 the documented differences were established against. */
export async function assertAwsV2(): Promise<void> {
  if (!existsSync(AWS_V2)) throw new Error(`${AWS_V2} is missing: the differential suite needs the AWS CLI v2 (Debian package awscli)`);
  const result = await exec(AWS_V2, ['--version'], process.env);
  const version = `${result.stdout}${result.stderr}`.trim();
  if (!/^aws-cli\/2\./.test(version)) throw new Error(`${AWS_V2} is not the AWS CLI v2: ${version}`);
}

/** Reads a fixture directory: `config` and `credentials`, each absent when the file is absent. */
export async function readFixture(dir: string): Promise<AwsFiles> {
  const files: AwsFiles = { config: null, credentials: null };
  for (const name of FILE_NAMES) {
    try {
      files[name] = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}

export async function writeFixture(dir: string, files: AwsFiles): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of FILE_NAMES) {
    const text = files[name];
    if (text !== null) await writeFile(join(dir, name), text, 'utf8');
  }
}
