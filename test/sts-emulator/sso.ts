// IAM Identity Center in the emulator: the portal API (sso-portal.ts) on the same port as STS, its test hooks
// (`emulator.sso`), and its part of the /__emulator/ control API for tests that run the emulator in another process.
import type { IncomingMessage } from 'node:http';
import type { RequestLogEntry } from './server.js';
import { answerPortal } from './sso-portal.js';
import type { JsonAnswer } from './sso-portal.js';
import { generateSsoAccounts, SsoState } from './sso-state.js';
import type { SsoAccountConfig, SsoThrottle } from './sso-state.js';
import type { EmulatorState } from './state.js';

/** `emulator.sso`: what tests do to Identity Center. */
export interface SsoEmulator {
  /** Replaces the organisation of `startUrl`. Accounts are listed in this order. */
  addOrganisation(startUrl: string, accounts: readonly SsoAccountConfig[], options?: { userName?: string; sessionDurationSeconds?: number }): void;
  /** A portal bearer token valid for `expiresInSeconds` on the emulator clock, as if the person had logged in. */
  issueAccessToken(startUrl: string, expiresInSeconds?: number): string;
  /** 429 TooManyRequestsException for the next `n` portal calls, or `{ ratePerSecond }` (or both). 0 turns it off. */
  setThrottle(throttle: SsoThrottle | number): void;
  /** The emulator's state, for assertions (e.g. which tokens exist). */
  readonly state: SsoState;
}

export interface SsoServiceOptions {
  sts: EmulatorState;
  now: () => Date;
  log: (entry: RequestLogEntry) => void;
}

export interface SsoService {
  readonly api: SsoEmulator;
  /** The answer to an Identity Center request, or undefined when the request is for another service. */
  answer(req: IncomingMessage, body: Buffer): JsonAnswer | undefined;
  /** `/__emulator/sso/...` control endpoints; undefined when the path is not one. */
  control(method: string, path: string, body: Buffer): { status: number; body: unknown } | undefined;
}

const SECRET_PARAM = /token|secret|code/i;

function loggable(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) out[key] = SECRET_PARAM.test(key) && key !== 'next_token' ? '<redacted>' : value;
  return out;
}

export function createSsoService(options: SsoServiceOptions): SsoService {
  const state = new SsoState(options.sts);
  const api: SsoEmulator = {
    state,
    addOrganisation: (startUrl, accounts, extra) => {
      state.addOrganisation(startUrl, accounts, extra);
    },
    issueAccessToken: (startUrl, expiresInSeconds = 8 * 3600) =>
      state.issueAccessToken(startUrl, new Date(options.now().getTime() + expiresInSeconds * 1000)),
    setThrottle: (throttle) => state.setThrottle(throttle),
  };

  function answer(req: IncomingMessage, body: Buffer): JsonAnswer | undefined {
    void body;
    const url = new URL(req.url ?? '/', 'http://emulator');
    const bearer = req.headers['x-amz-sso_bearer_token'];
    const result = answerPortal(state, options.now(), {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      bearerToken: typeof bearer === 'string' ? bearer : undefined,
    });
    if (result === undefined) return undefined;
    options.log({
      time: options.now().toISOString(),
      action: result.action,
      accessKeyId: null,
      callerArn: null,
      params: loggable(url.searchParams),
      policyArns: [],
      tags: {},
      status: result.status,
      errorCode: result.errorType ?? null,
      userAgent: req.headers['user-agent'] ?? null,
    });
    return result;
  }

  function control(method: string, path: string, body: Buffer): { status: number; body: unknown } | undefined {
    if (!path.startsWith('/__emulator/sso/') || method !== 'POST') return undefined;
    const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    switch (path) {
      case '/__emulator/sso/organisation': {
        // {startUrl, accounts} or {startUrl, generate: {count, roles?}} for a large organisation.
        const generate = input.generate as { count: number; roles?: string[] } | undefined;
        const accounts = generate ? generateSsoAccounts(generate.count, generate.roles) : (input.accounts as SsoAccountConfig[]);
        state.addOrganisation(String(input.startUrl), accounts ?? []);
        return { status: 200, body: { accounts: accounts?.length ?? 0 } };
      }
      case '/__emulator/sso/token':
        return { status: 200, body: { accessToken: api.issueAccessToken(String(input.startUrl), input.expiresInSeconds as number | undefined) } };
      case '/__emulator/sso/throttle':
        state.setThrottle(input as SsoThrottle);
        return { status: 200, body: {} };
      default:
        return undefined;
    }
  }

  return { api, answer, control };
}
