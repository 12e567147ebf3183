// The STS emulator as its own process, for bench groups: bench.ts times commands with spawnSync, which blocks this
// process's event loop, so an in-process emulator could never answer.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { emulatorState } from '../../test/support/emulator.js';
import type { BenchContext } from '../bench.js';
import { join } from './env.js';

export interface EmulatorProcess {
  url: string;
  stop: () => Promise<void>;
}

/** Starts `test/sts-emulator/main.ts` with the test organisation and waits for its ready line (which holds no secrets). */
export async function startEmulatorProcess(context: BenchContext, name: string): Promise<EmulatorProcess> {
  const dir = context.makeDir(name);
  const stateFile = join(dir, 'state.json');
  context.write(stateFile, JSON.stringify(emulatorState()));
  // node --import tsx rather than the tsx binary, so the pid we kill is the emulator itself.
  const child = spawn(process.execPath, ['--import', 'tsx', join(context.root, 'test', 'sts-emulator', 'main.ts'), '--state', stateFile], {
    cwd: context.root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string }>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the STS emulator exited (${code}) before it was ready`)));
    lines.once('line', (line) => done(JSON.parse(line) as { url: string }));
  });
  lines.close();
  child.stdout!.resume();
  return {
    url: ready.url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
