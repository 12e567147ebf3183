import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_SETTINGS, maxBackoffMs, requestHandlerOptions, resolveHttpSettings, withDeadline } from '../../src/sts/http.js';

describe('HTTP settings for every AWS call (#7)', () => {
  it('by default a server that never answers fails within 20 s, retries included', () => {
    const s = DEFAULT_HTTP_SETTINGS;
    expect(s.deadlineMs).toBeLessThanOrEqual(20_000);
    // Every attempt can run its full timeout, with the SDK's back-off between them, and still end before the deadline.
    expect(s.maxAttempts * s.responseTimeoutMs + maxBackoffMs(s.maxAttempts)).toBeLessThanOrEqual(s.deadlineMs);
    expect(s.connectTimeoutMs).toBeLessThanOrEqual(s.responseTimeoutMs);
    expect(s.maxAttempts).toBeGreaterThanOrEqual(2);
  });

  it('the SDK handler gets real timeouts that fail the request, not just a warning', () => {
    expect(requestHandlerOptions(DEFAULT_HTTP_SETTINGS)).toEqual({
      connectionTimeout: 3000,
      requestTimeout: 5000,
      throwOnRequestTimeout: true,
      socketTimeout: 5000,
    });
  });

  it('an answer cap far above a real STS answer (a few KB) and far below megabytes', () => {
    expect(DEFAULT_HTTP_SETTINGS.maxAnswerBytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(DEFAULT_HTTP_SETTINGS.maxAnswerBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it.each([
    [{}, DEFAULT_HTTP_SETTINGS],
    [{ AWSPROF_HTTP_TIMEOUT_MS: '' }, DEFAULT_HTTP_SETTINGS],
    [{ AWSPROF_HTTP_TIMEOUT_MS: 'soon' }, DEFAULT_HTTP_SETTINGS],
    [{ AWSPROF_HTTP_TIMEOUT_MS: '-5' }, DEFAULT_HTTP_SETTINGS],
    [{ AWSPROF_HTTP_TIMEOUT_MS: '500' }, { ...DEFAULT_HTTP_SETTINGS, connectTimeoutMs: 500, responseTimeoutMs: 500, deadlineMs: 500 * 3 + 600 + 1000 }],
  ])('AWSPROF_HTTP_TIMEOUT_MS %j', (env, expected) => {
    expect(resolveHttpSettings(env as NodeJS.ProcessEnv)).toEqual(expected);
  });

  it('the back-off bound follows the SDK standard strategy (100 ms × 2^attempt, capped at 20 s)', () => {
    expect(maxBackoffMs(1)).toBe(0);
    expect(maxBackoffMs(3)).toBe(200 + 400);
  });
});

describe('withDeadline', () => {
  it('gives up at the deadline even when the work ignores the abort signal', async () => {
    const started = Date.now();
    await expect(withDeadline(100, () => new Promise(() => undefined))).rejects.toMatchObject({ name: 'DeadlineExceeded' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('aborts the signal it hands out', async () => {
    let seen: AbortSignal | undefined;
    await expect(
      withDeadline(50, (signal) => {
        seen = signal;
        return new Promise(() => undefined);
      }),
    ).rejects.toThrow();
    expect(seen?.aborted).toBe(true);
  });

  it('stops the clock while a person is asked for something (an MFA code)', async () => {
    const result = await withDeadline(150, async (_signal, pause) => {
      const code = await pause(() => new Promise<string>((done) => setTimeout(() => done('123456'), 300)));
      await new Promise((done) => setTimeout(done, 50));
      return code;
    });
    expect(result).toBe('123456');
  });
});
