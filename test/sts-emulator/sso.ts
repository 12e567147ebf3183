// IAM Identity Center in the emulator: the portal API (sso-portal.ts) and OIDC (sso-oidc.ts) on the same port as STS,
// a device page where a person can approve a code (GET /device?user_code=...), the test hooks (`emulator.sso`), and
// its part of the /__emulator/ control API for tests that run the emulator in another process.
import type { IncomingMessage } from 'node:http';
import type { RequestLogEntry } from './server.js';
import { OidcState } from './sso-oidc.js';
import type { OidcSettings } from './sso-oidc.js';
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
  /** Approves a pending device authorization by its user code, as the person would in the browser. */
  approve(userCode: string): void;
  /** Denies it: the client's next poll gets access_denied. */
  deny(userCode: string): void;
  /** User codes waiting for a decision, oldest first. */
  pendingUserCodes(): string[];
  /** Changes OIDC behaviour: polling interval, lifetimes, auto-approval, forced slow_down answers. */
  configureOidc(settings: Partial<OidcSettings>): void;
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

// Secrets never reach the log; `grantType`, `clientName` and `scopes` stay readable.
const SECRET_PARAM = /token|secret|code/i;

function loggable(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) out[key] = SECRET_PARAM.test(key) && key !== 'next_token' ? '<redacted>' : value;
  return out;
}

function jsonParams(body: Buffer): URLSearchParams {
  try {
    const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return new URLSearchParams(Object.entries(input).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  } catch {
    return new URLSearchParams();
  }
}

export function createSsoService(options: SsoServiceOptions): SsoService {
  const state = new SsoState(options.sts);
  const oidc = new OidcState(state);
  const api: SsoEmulator = {
    state,
    addOrganisation: (startUrl, accounts, extra) => {
      state.addOrganisation(startUrl, accounts, extra);
    },
    issueAccessToken: (startUrl, expiresInSeconds = 8 * 3600) =>
      state.issueAccessToken(startUrl, new Date(options.now().getTime() + expiresInSeconds * 1000)),
    setThrottle: (throttle) => state.setThrottle(throttle),
    approve: (userCode) => oidc.decide(userCode, true),
    deny: (userCode) => oidc.decide(userCode, false),
    pendingUserCodes: () => oidc.pendingUserCodes(),
    configureOidc: (settings) => {
      oidc.settings = { ...oidc.settings, ...settings };
    },
  };

  /** The page a verification URL opens: it approves the code, so a person trying awsprof can click through. */
  function devicePage(query: URLSearchParams): JsonAnswer {
    const code = query.get('user_code') ?? '';
    const pending = oidc.pendingUserCodes().includes(code);
    if (pending) oidc.decide(code, true);
    return {
      status: pending ? 200 : 404,
      action: 'ApproveDevice',
      contentType: 'text/plain; charset=utf-8',
      body: pending ? `Approved ${code}: the command that showed it can go on.\n` : 'No pending request with that code.\n',
    };
  }

  function answer(req: IncomingMessage, body: Buffer): JsonAnswer | undefined {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const bearer = req.headers['x-amz-sso_bearer_token'];
    const now = options.now();
    const result =
      answerPortal(state, now, { method, path: url.pathname, query: url.searchParams, bearerToken: typeof bearer === 'string' ? bearer : undefined }) ??
      oidc.answer(method, url.pathname, body, now, `http://${req.headers.host ?? '127.0.0.1'}`) ??
      (method === 'GET' && url.pathname === '/device' ? devicePage(url.searchParams) : undefined);
    if (result === undefined) return undefined;
    options.log({
      time: options.now().toISOString(),
      action: result.action,
      accessKeyId: null,
      callerArn: null,
      params: loggable(result.action === 'CreateToken' || result.action === 'StartDeviceAuthorization' || result.action === 'RegisterClient' ? jsonParams(body) : url.searchParams),
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
      case '/__emulator/sso/approve':
        oidc.decide(String(input.userCode), input.deny !== true);
        return { status: 200, body: {} };
      case '/__emulator/sso/pending':
        return { status: 200, body: { userCodes: oidc.pendingUserCodes() } };
      case '/__emulator/sso/oidc':
        api.configureOidc(input as Partial<OidcSettings>);
        return { status: 200, body: {} };
      default:
        return undefined;
    }
  }

  return { api, answer, control };
}
