/**
 * The HTTP exchange of AWS's JSON services that awsprof calls without the SDK (SSO OIDC, the SSO portal): their
 * wire format is a few JSON fields, lighter than loading a client, and calling them directly keeps every rule of
 * src/sts/http.ts in one visible place: connect and response timeouts, an answer size cap, a whole-call deadline,
 * retries with back-off for 5xx, throttling and dropped connections. Errors name the endpoint, never a secret.
 */
import type { IncomingMessage } from 'node:http';
import { AwsprofError } from '../errors.js';
import { type HttpSettings, maxBackoffMs } from '../sts/http.js';

export interface JsonCall {
  /** For messages: "SSO OIDC", "the SSO portal". */
  service: string;
  method: 'GET' | 'POST';
  /** Base URL (resolveServiceEndpoint) and path with query. */
  baseUrl: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Attempts for throttling (429) answers; default settings.maxAttempts. */
  throttledAttempts?: number;
}

export interface JsonAnswer {
  status: number;
  /** The error type: x-amzn-ErrorType without its `:namespace` tail, or the body's `__type`/`code`/`error`. */
  errorType?: string;
  /** The parsed body; undefined for an empty one. */
  body: unknown;
}

const NETWORK_HINT = 'check your network, proxy, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, then try again';

class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function errorTypeOf(headers: IncomingMessage['headers'], body: unknown): string | undefined {
  const header = headers['x-amzn-errortype'];
  const raw = typeof header === 'string' ? header : undefined;
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const candidate = raw ?? [fromBody.__type, fromBody.code, fromBody.error].find((value) => typeof value === 'string');
  if (typeof candidate !== 'string') return undefined;
  // `UnauthorizedException:http://internal.amazon.com/coral/...` and `aws.protocol#Name` both name `…Exception`.
  return candidate.split(':')[0]!.split('#').pop()!.slice(0, 100);
}

function attempt(call: JsonCall, settings: HttpSettings): Promise<JsonAnswer> {
  const url = new URL(call.baseUrl + call.path);
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
  // Loaded on first use: the CLI is one bundle, and a top-level node:https would load TLS for every `awsprof use`.
  const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : process.getBuiltinModule('node:http').request;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const fail = (failure: AttemptFailure) => {
      clearTimeout(timer);
      req.destroy();
      reject(failure);
    };
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new AttemptFailure(`${what} within ${ms / 1000} s`, true)), ms);
    };
    const req = send(url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        ...call.headers,
      },
    });
    arm(settings.connectTimeoutMs, 'no connection');
    req.on('socket', (socket) => {
      const connected = () => arm(settings.responseTimeoutMs, 'no answer');
      if (!socket.connecting) connected();
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new AttemptFailure(error.code ? `${error.code}` : 'connection failed', true));
    });
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxAnswerBytes) {
        return fail(new AttemptFailure(`an answer larger than ${Math.round(settings.maxAnswerBytes / 1024)} KiB`, false));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      arm(settings.responseTimeoutMs, 'no complete answer');
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > settings.maxAnswerBytes) return fail(new AttemptFailure(`an answer larger than ${Math.round(settings.maxAnswerBytes / 1024)} KiB`, false));
        chunks.push(chunk);
        arm(settings.responseTimeoutMs, 'no complete answer');
      });
      res.on('error', () => fail(new AttemptFailure('connection reset while reading the answer', true)));
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text.trim() === '' ? undefined : JSON.parse(text);
        } catch {
          // A proxy's HTML page, a captive portal: a server error is worth another try, anything else is not.
          return reject(new AttemptFailure(`an answer that is not JSON (HTTP ${status})`, status >= 500));
        }
        resolve({ status, errorType: status >= 300 ? errorTypeOf(res.headers, body) : undefined, body });
      });
    });
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One call with retries: 5xx and dropped connections up to settings.maxAttempts, throttling (429) up to
 * `throttledAttempts`, with jittered exponential back-off, all within settings.deadlineMs plus the back-off of the
 * extra throttled attempts. Answers with a status are returned, errors included; failures to get one throw.
 */
export async function callJson(call: JsonCall, settings: HttpSettings): Promise<JsonAnswer> {
  const throttledAttempts = call.throttledAttempts ?? settings.maxAttempts;
  const deadline = Date.now() + settings.deadlineMs + maxBackoffMs(Math.max(throttledAttempts, settings.maxAttempts));
  let lastFailure = '';
  for (let attemptNumber = 1; ; attemptNumber++) {
    let answer: JsonAnswer | undefined;
    try {
      answer = await attempt(call, settings);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      lastFailure = error.message;
      if (!error.retryable || attemptNumber >= settings.maxAttempts) break;
    }
    if (answer) {
      const throttled = answer.status === 429 || answer.errorType === 'TooManyRequestsException' || answer.errorType === 'ThrottlingException';
      const retry = throttled ? attemptNumber < throttledAttempts : answer.status >= 500 && attemptNumber < settings.maxAttempts;
      if (!retry) return answer;
      lastFailure = `HTTP ${answer.status}${answer.errorType ? ` ${answer.errorType}` : ''}`;
    }
    const backoff = Math.random() * Math.min(20_000, 100 * 2 ** attemptNumber);
    if (Date.now() + backoff > deadline) break;
    await sleep(backoff);
  }
  const endpoint = new URL(call.baseUrl).origin;
  throw new AwsprofError(`${call.service} at ${endpoint} did not answer: ${lastFailure}`, { hint: NETWORK_HINT });
}

/** A short, single-line excerpt of a server's error text for messages (cli.ts escapes it for the terminal). */
export function serverText(value: unknown): string {
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
