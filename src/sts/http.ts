/**
 * The HTTP rules every AWS call of awsprof follows, whatever the service (STS today; SSO and sign-in later): how long
 * it may take, how big an answer may be, and which endpoint it went to, so errors can name it. No SDK import here:
 * the settings are plain data and the guard is a plain middleware, added by the gateway to each client it builds.
 */
import type { DeserializeMiddleware, Pluggable } from '@smithy/types';

export interface HttpSettings {
  /** Until the TCP (and TLS) connection is up. */
  connectTimeoutMs: number;
  /** From sending the request until the answer's headers arrive; also the longest silence while its body streams. */
  responseTimeoutMs: number;
  /** Attempts per call, retries included (the SDK retries timeouts, 5xx and throttling). */
  maxAttempts: number;
  /** The whole call, retries and back-off included: past it the call is abandoned whatever the SDK is doing. */
  deadlineMs: number;
  /** The largest answer body read. An STS answer is a few KB; megabytes are a broken or hostile server. */
  maxAnswerBytes: number;
}

/**
 * A server that accepts the connection and never answers fails within 20 s, retries included (#7). Three attempts
 * of at most 5 s each plus the SDK's back-off (at most 0.1 s × 2^attempt, so < 1 s) stay under the deadline, so the
 * deadline only cuts off what the per-attempt timeouts do not cover (a credential source that hangs, say).
 */
export const DEFAULT_HTTP_SETTINGS: Readonly<HttpSettings> = {
  connectTimeoutMs: 3_000,
  responseTimeoutMs: 5_000,
  maxAttempts: 3,
  deadlineMs: 20_000,
  maxAnswerBytes: 256 * 1024,
};

/** The most the SDK's standard retry strategy waits between attempts, in total, for `maxAttempts` attempts. */
export function maxBackoffMs(maxAttempts: number): number {
  let total = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++) total += Math.min(20_000, 100 * 2 ** attempt);
  return total;
}

/**
 * The settings for this run. AWSPROF_HTTP_TIMEOUT_MS replaces the per-attempt timeouts (tests use it to see a hanging
 * server fail in a second instead of twenty); the deadline follows so that all attempts still fit in it.
 */
export function resolveHttpSettings(env: NodeJS.ProcessEnv): HttpSettings {
  const override = Number(env.AWSPROF_HTTP_TIMEOUT_MS);
  if (!env.AWSPROF_HTTP_TIMEOUT_MS || !Number.isFinite(override) || override <= 0) return { ...DEFAULT_HTTP_SETTINGS };
  const perAttempt = Math.round(override);
  const { maxAttempts } = DEFAULT_HTTP_SETTINGS;
  return {
    ...DEFAULT_HTTP_SETTINGS,
    connectTimeoutMs: perAttempt,
    responseTimeoutMs: perAttempt,
    deadlineMs: perAttempt * maxAttempts + maxBackoffMs(maxAttempts) + 1_000,
  };
}

/** The options for the SDK's Node request handler (@smithy/node-http-handler). */
export function requestHandlerOptions(settings: HttpSettings) {
  return {
    connectionTimeout: settings.connectTimeoutMs,
    requestTimeout: settings.responseTimeoutMs,
    // Without it requestTimeout only prints a warning on stderr and the request goes on waiting.
    throwOnRequestTimeout: true,
    socketTimeout: settings.responseTimeoutMs,
  };
}

/** What the last attempt of a call saw on the wire, for error messages (never a body of a successful answer). */
export interface CallTrace {
  /** scheme://host[:port][/path] of the last request sent. */
  endpoint?: string;
  /** HTTP status of the last answer. */
  status?: number;
  /** The start of the last answer's body when it was not a success: a proxy's error page, say. */
  errorBody?: string;
}

/** An answer larger than HttpSettings.maxAnswerBytes: refused before its body is held in memory. */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
  constructor(
    readonly endpoint: string | undefined,
    readonly limit: number,
  ) {
    super(`answer larger than ${limit} bytes`);
  }
}

interface HttpRequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

interface HttpResponseLike {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export function formatEndpoint(request: HttpRequestLike): string {
  const host = request.hostname ?? '';
  const port = request.port ? `:${request.port}` : '';
  const path = request.path && request.path !== '/' ? request.path : '';
  return `${request.protocol ?? 'https:'}//${host}${port}${path}`;
}

async function readCapped(body: unknown, limit: number, endpoint: string | undefined): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw new AnswerTooLargeError(endpoint, limit);
    return body;
  }
  const stream = body as AsyncIterable<Uint8Array> & { destroy?: () => void };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) {
      stream.destroy?.();
      throw new AnswerTooLargeError(endpoint, limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const ERROR_BODY_CHARS = 200;

/**
 * A middleware for the raw HTTP exchange of every attempt: it records the endpoint and status in `trace`, refuses an
 * answer over the size cap (by Content-Length before reading, else while reading), and hands the SDK the body as
 * bytes, so the SDK never buffers more than the cap.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answerGuardPlugin(trace: CallTrace, settings: HttpSettings): Pluggable<any, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const middleware: DeserializeMiddleware<any, any> = (next) => async (args) => {
    const request = args.request as HttpRequestLike;
    trace.endpoint = formatEndpoint(request);
    trace.status = undefined;
    trace.errorBody = undefined;
    const result = await next(args);
    const response = result.response as HttpResponseLike;
    trace.status = response.statusCode;
    const declared = Number(response.headers['content-length'] ?? response.headers['Content-Length']);
    if (Number.isFinite(declared) && declared > settings.maxAnswerBytes) {
      (response.body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new AnswerTooLargeError(trace.endpoint, settings.maxAnswerBytes);
    }
    const bytes = response.body === undefined ? new Uint8Array() : await readCapped(response.body, settings.maxAnswerBytes, trace.endpoint);
    response.body = bytes;
    if (response.statusCode >= 300) trace.errorBody = Buffer.from(bytes.subarray(0, ERROR_BODY_CHARS * 4)).toString('utf8').slice(0, ERROR_BODY_CHARS);
    return result;
  };
  return {
    // `low` in the deserialize step: inside the SDK's retry loop and its parser, next to the wire.
    applyToStack: (stack) => stack.add(middleware, { step: 'deserialize', priority: 'low', name: 'awsprofAnswerGuard', override: true }),
  };
}

/**
 * Runs `work` with an abort signal that fires at the deadline, and gives up at the deadline even if `work` does not
 * listen (a credential provider deep in the SDK, say). `pause` stops the clock while a person is being asked for
 * something (an MFA code for a role in the source chain): the bound is for servers, not for typing.
 */
export async function withDeadline<T>(deadlineMs: number, work: (signal: AbortSignal, pause: <R>(asking: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let remaining = deadlineMs;
  let startedAt = Date.now();
  let fail: (error: Error) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const arm = () => {
    startedAt = Date.now();
    timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${deadlineMs} ms`), { name: 'DeadlineExceeded' });
      controller.abort(error);
      fail(error);
    }, remaining);
  };
  const pause = async <R>(asking: () => Promise<R>): Promise<R> => {
    clearTimeout(timer);
    remaining -= Date.now() - startedAt;
    try {
      return await asking();
    } finally {
      arm();
    }
  };
  arm();
  try {
    return await Promise.race([work(controller.signal, pause), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs SDK code with console.* and process.emitWarning muted: the SDK prints notices (a Node version warning, a
 * default region, a timeout "WARN") straight to stderr, which is for awsprof's own one-line messages.
 */
export async function withQuietSdk<T>(work: () => Promise<T>): Promise<T> {
  const saved = { warn: console.warn, error: console.error, log: console.log, info: console.info, debug: console.debug, emitWarning: process.emitWarning };
  const mute = () => undefined;
  console.warn = console.error = console.log = console.info = console.debug = mute;
  process.emitWarning = mute as typeof process.emitWarning;
  try {
    return await work();
  } finally {
    Object.assign(console, { warn: saved.warn, error: saved.error, log: saved.log, info: saved.info, debug: saved.debug });
    process.emitWarning = saved.emitWarning;
  }
}
