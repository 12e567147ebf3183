/**
 * The sign-in federation endpoint (`/federation?Action=getSigninToken`): one GET, no SDK. The same HTTP rules as
 * every AWS call of awsprof (src/sts/http.ts): a connect timeout, a response timeout, a deadline for the whole call
 * and a cap on the answer's size. The request URL holds the secret key, so no message ever shows more of it than
 * scheme, host and path.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { AwsprofError } from '../errors.js';
import { isValidSigninToken } from '../profiles/console-plan.js';
import { type HttpSettings, resolveHttpSettings } from '../sts/http.js';

export class SigninError extends AwsprofError {
  override name = 'SigninError';
}

const NETWORK_HINT = 'check your network or proxy, and AWSPROF_SIGNIN_URL if set, then try again';

/** scheme://host/path of a URL, for messages: never its query (the credentials). */
export function endpointOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

async function request(url: URL, settings: HttpSettings): Promise<{ status: number; body: string }> {
  const { request: send } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(deadline);
      req?.destroy();
      reject(error);
    };
    const endpoint = endpointOf(url.href);
    const connectTimer = setTimeout(() => fail(new SigninError(`cannot reach the sign-in endpoint ${endpoint}: no connection within ${settings.connectTimeoutMs / 1000} s`, { hint: NETWORK_HINT })), settings.connectTimeoutMs);
    const deadline = setTimeout(() => fail(new SigninError(`the sign-in endpoint ${endpoint} did not answer within ${settings.deadlineMs / 1000} s`, { hint: NETWORK_HINT })), settings.deadlineMs);
    req = send(url, { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'awsprof' } }, (res: IncomingMessage) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxAnswerBytes) {
        fail(new SigninError(`the answer from the sign-in endpoint ${endpoint} is larger than ${Math.round(settings.maxAnswerBytes / 1024)} KiB`, { hint: NETWORK_HINT }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > settings.maxAnswerBytes) {
          fail(new SigninError(`the answer from the sign-in endpoint ${endpoint} is larger than ${Math.round(settings.maxAnswerBytes / 1024)} KiB`, { hint: NETWORK_HINT }));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => fail(new SigninError(`the sign-in endpoint ${endpoint} broke off its answer (${(error as NodeJS.ErrnoException).code ?? error.name})`, { hint: NETWORK_HINT })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks, size).toString('utf8') });
      });
    });
    req.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    // Silence between bytes, once connected: the response timeout.
    req.setTimeout(settings.connectTimeoutMs + settings.responseTimeoutMs, () =>
      fail(new SigninError(`the sign-in endpoint ${endpoint} did not answer (no answer within ${settings.responseTimeoutMs / 1000} s)`, { hint: NETWORK_HINT })),
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? `host ${url.hostname} not found (DNS ${error.code})` : (error.code ?? error.name);
      fail(new SigninError(`cannot reach the sign-in endpoint ${endpoint}: ${reason}`, { hint: NETWORK_HINT }));
    });
    req.end();
  });
}

/**
 * Exchanges temporary credentials for a SigninToken. `requestUrl` is the whole getSigninToken URL (with the
 * credentials); the token is checked (characters, length) before anything uses it.
 */
export async function fetchSigninToken(requestUrl: string, env: NodeJS.ProcessEnv, options: { sessionDuration?: boolean } = {}): Promise<string> {
  const settings = resolveHttpSettings(env);
  const endpoint = endpointOf(requestUrl);
  const { status, body } = await request(new URL(requestUrl), settings);
  if (status !== 200) {
    throw new SigninError(`the sign-in endpoint ${endpoint} refused the credentials (HTTP ${status})`, {
      hint:
        status === 400 && options.sessionDuration
          ? 'it may not take a session length for these credentials; try without --duration'
          : status === 400 || status === 401 || status === 403
            ? 'the credentials may have expired or been revoked; refresh them and try again'
            : NETWORK_HINT,
    });
  }
  let token: unknown;
  try {
    token = (JSON.parse(body) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!isValidSigninToken(token)) {
    throw new SigninError(`the answer from the sign-in endpoint ${endpoint} has no usable SigninToken`, { hint: 'check AWSPROF_SIGNIN_URL points at the AWS sign-in federation endpoint' });
  }
  return token;
}
