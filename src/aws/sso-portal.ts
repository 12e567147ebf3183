/**
 * The IAM Identity Center portal API (service `SSO`: ListAccounts, ListAccountRoles), called over plain HTTP for
 * `awsprof sso sync` (#9). Plain node:http rather than @aws-sdk/client-sso: the calls are bearer-token GETs with JSON
 * answers (no signing), an organisation of 1,000 accounts needs 1,000+ of them, and a keep-alive agent with bounded
 * concurrency and our own back-off does them in about a second without loading the SDK. The same HTTP rules as every
 * other AWS call of awsprof: connect and response timeouts (AWSPROF_HTTP_TIMEOUT_MS), a cap on answer size,
 * AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL.
 */
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { AwsprofError } from '../errors.js';
import { ssoLoginRequired } from '../profiles/sso-session.js';
import { resolveServiceEndpoint } from './endpoints.js';
import { type HttpSettings, resolveHttpSettings } from '../sts/http.js';

export interface PortalAccount {
  accountId: string;
  accountName: string;
}

export interface PortalRole {
  accountId: string;
  accountName: string;
  roleName: string;
}

export interface PortalOptions {
  /** The sso-session's sso_region: the portal is regional. */
  region: string;
  accessToken: string;
  env: NodeJS.ProcessEnv;
  /** The sso-session, for messages. */
  session: string;
  /** Calls in flight at once. The portal throttles (HTTP 429) well before this matters on a small organisation. */
  concurrency?: number;
  /** Attempts per call for throttling, 5xx and dropped connections. */
  maxAttempts?: number;
  /** Back-off: full jitter on min(cap, base × 2^attempt), or the server's Retry-After. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Called once per retry, for a progress line. */
  onRetry?: (reason: string) => void;
}

const PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_ATTEMPTS = 8;

/** A portal failure already worded for a person; the command adds nothing. */
export class PortalError extends AwsprofError {
  override name = 'PortalError';
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Every account and every role the token's owner is assigned, with account names, in no particular order. Any call
 * that still fails after its retries fails the whole listing: a sync must never prune from a partial list.
 */
export async function listPortalRoles(options: PortalOptions): Promise<PortalRole[]> {
  const settings = resolveHttpSettings(options.env);
  const endpoint = resolveServiceEndpoint(options.env, 'SSO', options.region).url;
  const url = new URL(endpoint);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const agentOptions = { keepAlive: true, maxSockets: concurrency };
  // Imported here: the whole CLI is one bundle, and a top-level node:https would load TLS for every `awsprof use`.
  const http = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const agent = new http.Agent(agentOptions);
  const abort = new AbortController();
  const client = new PortalClient(url, agent, http.request, settings, options, abort.signal);
  const roles: PortalRole[] = [];
  const limit = limiter(concurrency);
  const pending: Array<Promise<void>> = [];
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    abort.abort();
  };
  try {
    // Accounts arrive a page at a time; their roles are listed while the next page is fetched.
    let nextToken: string | undefined;
    do {
      const page = await client.get('/assignment/accounts', { max_result: String(PAGE_SIZE), ...(nextToken ? { next_token: nextToken } : {}) });
      const accounts = parseAccounts(page, endpoint);
      nextToken = stringField(page, 'nextToken', endpoint);
      for (const account of accounts) {
        pending.push(
          limit(async () => {
            if (failure) return;
            roles.push(...(await listAccountRoles(client, account, endpoint)));
          }).catch(fail),
        );
      }
    } while (nextToken && !failure);
    await Promise.all(pending);
    if (failure) throw failure;
    return roles;
  } catch (error) {
    fail(error);
    await Promise.allSettled(pending);
    throw failure;
  } finally {
    agent.destroy();
  }
}

async function listAccountRoles(client: PortalClient, account: PortalAccount, endpoint: string): Promise<PortalRole[]> {
  const roles: PortalRole[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.get('/assignment/roles', { account_id: account.accountId, max_result: String(PAGE_SIZE), ...(nextToken ? { next_token: nextToken } : {}) });
    const list = (page as { roleList?: unknown }).roleList;
    if (list !== undefined && !Array.isArray(list)) throw unusable(endpoint, 'a roleList that is not a list');
    for (const item of list ?? []) {
      const roleName = (item as { roleName?: unknown } | null)?.roleName;
      if (typeof roleName !== 'string') throw unusable(endpoint, 'a role without a roleName');
      roles.push({ accountId: account.accountId, accountName: account.accountName, roleName });
    }
    nextToken = stringField(page, 'nextToken', endpoint);
  } while (nextToken);
  return roles;
}

function parseAccounts(page: unknown, endpoint: string): PortalAccount[] {
  const list = (page as { accountList?: unknown }).accountList;
  if (list !== undefined && !Array.isArray(list)) throw unusable(endpoint, 'an accountList that is not a list');
  return (list ?? []).map((item: unknown) => {
    const record = (item ?? {}) as { accountId?: unknown; accountName?: unknown };
    if (typeof record.accountId !== 'string') throw unusable(endpoint, 'an account without an accountId');
    return { accountId: record.accountId, accountName: typeof record.accountName === 'string' ? record.accountName : '' };
  });
}

function stringField(page: unknown, field: string, endpoint: string): string | undefined {
  const value = (page as Record<string, unknown>)[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw unusable(endpoint, `a ${field} that is not a string`);
  return value;
}

function unusable(endpoint: string, what: string): PortalError {
  return new PortalError(`the SSO portal answer from ${endpoint} has ${what}; nothing was written`, { hint: 'check AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL point at the real service' });
}

class PortalClient {
  private readonly inFlight = new Set<import('node:http').ClientRequest>();

  constructor(
    private readonly base: URL,
    private readonly agent: HttpAgent,
    private readonly request: typeof import('node:http').request,
    private readonly settings: HttpSettings,
    private readonly options: PortalOptions,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => {
      for (const request of this.inFlight) request.destroy(new Error('cancelled'));
    });
  }

  /** One GET with retries; the parsed JSON of a 200 answer. */
  async get(path: string, query: Record<string, string>): Promise<unknown> {
    const target = new URL(`${this.base.pathname.replace(/\/$/, '')}${path}`, this.base);
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_ATTEMPTS;
    const base = this.options.backoffBaseMs ?? 100;
    const cap = this.options.backoffCapMs ?? 5_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return this.judge(await this.send(target), target);
      } catch (error) {
        if (!(error instanceof RetryableError) || this.signal.aborted) throw this.signal.aborted && !(error instanceof AwsprofError) ? new PortalError('cancelled') : toPortalError(error, this.base.origin);
        if (attempt >= maxAttempts) {
          throw new PortalError(`the SSO portal at ${this.base.origin} still failed after ${maxAttempts} attempts (${error.message}); nothing was written`, {
            hint: 'try again in a minute',
          });
        }
        this.options.onRetry?.(error.message);
        const delay = error.retryAfterMs ?? Math.random() * Math.min(cap, base * 2 ** attempt);
        await sleep(delay, this.signal);
      }
    }
  }

  private judge(answer: Answer, target: URL): unknown {
    const type = String(answer.headers['x-amzn-errortype'] ?? '').split(':')[0] ?? '';
    if (answer.status === 200) {
      try {
        return JSON.parse(answer.body) as unknown;
      } catch {
        throw unusable(this.base.origin, 'a body that is not JSON');
      }
    }
    if (answer.status === 429 || answer.status >= 500 || type === 'TooManyRequestsException') {
      const retryAfter = Number(answer.headers['retry-after']);
      throw new RetryableError(`HTTP ${answer.status}${type ? ` ${type}` : ''}`, Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, 20_000) : undefined);
    }
    if (answer.status === 401 || type === 'UnauthorizedException') {
      throw ssoLoginRequired(this.options.session, 'the portal no longer accepts the login');
    }
    const message = serverMessage(answer.body);
    const action = target.pathname.endsWith('/roles') ? 'ListAccountRoles' : 'ListAccounts';
    throw new PortalError(`the SSO portal at ${this.base.origin} refused ${action}: HTTP ${answer.status}${type ? ` ${type}` : ''}${message ? `: ${message}` : ''}`);
  }

  private send(target: URL): Promise<Answer> {
    const { connectTimeoutMs, responseTimeoutMs, maxAnswerBytes } = this.settings;
    return new Promise<Answer>((resolve, reject) => {
      const request = this.request(target, {
        method: 'GET',
        agent: this.agent,
        headers: { 'x-amz-sso_bearer_token': this.options.accessToken, accept: 'application/json', 'user-agent': 'awsprof' },
      });
      // One abort listener per request on a shared signal cost more than the request itself at 1,000 calls; the
      // client keeps the requests in flight instead and destroys them when the listing fails.
      this.inFlight.add(request);
      request.once('close', () => this.inFlight.delete(request));
      let connectTimer: NodeJS.Timeout | undefined;
      const fail = (error: Error) => {
        clearTimeout(connectTimer);
        request.destroy();
        reject(error);
      };
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => fail(new RetryableError(`no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      // Until the headers, and then the longest silence while the body streams.
      request.setTimeout(responseTimeoutMs, () => fail(new RetryableError(`no answer within ${responseTimeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(connectTimer);
        if (this.signal.aborted) return reject(new PortalError('cancelled'));
        // A dropped keep-alive connection or a refused one: worth another attempt, like the SDK's retries.
        reject(error.code && /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(error.code) ? new RetryableError(error.code) : error);
      });
      request.on('response', (response) => {
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxAnswerBytes) return fail(unusable(this.base.origin, `an answer larger than ${Math.round(maxAnswerBytes / 1024)} KiB`));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxAnswerBytes) return fail(unusable(this.base.origin, `an answer larger than ${Math.round(maxAnswerBytes / 1024)} KiB`));
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => fail(new RetryableError(error.message)));
      });
      request.end();
    });
  }
}

function toPortalError(error: unknown, origin: string): unknown {
  if (error instanceof AwsprofError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTFOUND') return new PortalError(`cannot resolve the SSO portal host of ${origin}`, { hint: 'check your network, proxy, AWS_ENDPOINT_URL_SSO and the sso_region' });
  return new PortalError(`the SSO portal at ${origin} could not be reached: ${(error as Error).message}`, { hint: 'check your network, proxy and AWS_ENDPOINT_URL_SSO' });
}

/** The `message` of an error answer, one line, at most 200 characters; cli.ts escapes it for the terminal. */
function serverMessage(body: string): string {
  try {
    const data = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const message = typeof data.message === 'string' ? data.message : typeof data.Message === 'string' ? data.Message : '';
    const line = message.replace(/\s+/g, ' ').trim();
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  } catch {
    return '';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Runs at most `n` tasks at once, in the order they were asked for. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiting one, so no newcomer can slip in between.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
