// The sign-in federation endpoint (`/federation`), as a custom identity broker sees it:
// - Action=getSigninToken&Session={"sessionId","sessionKey","sessionToken"}[&SessionDuration=N] checks the session
//   is temporary credentials this emulator issued and still valid, and that SessionDuration (900..43200) comes only
//   with credentials AWS takes it for: a role assumed with an IAM user's long-term keys (not a role chain, not
//   GetSessionToken or GetFederationToken credentials). Answers {"SigninToken": …}.
// - Action=login&Issuer=…&Destination=…&SigninToken=… checks the token (issued here, at most 15 minutes old) and that
//   Destination is a console page, then answers 302 to it, with the signed-in principal in x-emulator-* headers so a
//   test can see who the URL signs in.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState, Session } from './state.js';

/** A sign-in token is good for 15 minutes after it was issued (AWS IAM guide). */
export const SIGNIN_TOKEN_LIFETIME_SECONDS = 15 * 60;

const CONSOLE_HOSTS = ['console.aws.amazon.com', 'console.amazonaws.cn', 'console.amazonaws-us-gov.com'];

export interface FederationLogEntry {
  time: string;
  action: string | null;
  status: number;
  /** The principal of the session (getSigninToken) or of the token (login). */
  principal: string | null;
  sessionDuration: number | null;
  destination: string | null;
  issuer: string | null;
  /** Why a request was refused. */
  error: string | null;
}

interface IssuedToken {
  session: Session;
  issuedAt: Date;
  sessionDuration: number | undefined;
}

class Refusal extends Error {}

function isConsolePage(destination: string): boolean {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && CONSOLE_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
}

export interface FederationEndpoint {
  readonly log: FederationLogEntry[];
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void;
}

export function createFederationEndpoint(state: EmulatorState, now: () => Date): FederationEndpoint {
  const tokens = new Map<string, IssuedToken>();
  const log: FederationLogEntry[] = [];

  function sessionOf(text: string | null): Session {
    if (text === null) throw new Refusal('Session is missing');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Refusal('Session is not JSON');
    }
    const { sessionId, sessionKey, sessionToken } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string') {
      throw new Refusal('Session needs sessionId, sessionKey and sessionToken strings');
    }
    const session = state.session(sessionId);
    // Long-term keys are refused: the console takes temporary credentials only.
    if (!session || session.secretAccessKey !== sessionKey || session.sessionToken !== sessionToken) throw new Refusal('the session credentials are not valid');
    if (session.expiration.getTime() <= now().getTime()) throw new Refusal('the session credentials have expired');
    return session;
  }

  function sessionDurationOf(text: string | null, session: Session): number | undefined {
    if (text === null) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < 900 || Number(text) > 43200) throw new Refusal('SessionDuration must be 900 to 43200 seconds');
    if (session.kind !== 'assumed-role' || session.chained) {
      throw new Refusal(`SessionDuration is not accepted for ${session.kind === 'assumed-role' ? 'role chaining' : session.kind} credentials`);
    }
    return Number(text);
  }

  return {
    log,
    handle(req, res, body) {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const params = new URLSearchParams(url.search);
      if (req.method === 'POST') for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
      const entry: FederationLogEntry = {
        time: now().toISOString(),
        action: params.get('Action'),
        status: 200,
        principal: null,
        sessionDuration: null,
        destination: params.get('Destination'),
        issuer: params.get('Issuer'),
        error: null,
      };
      const reply = (status: number, headers: Record<string, string>, text: string) => {
        entry.status = status;
        log.push(entry);
        res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      };
      try {
        if (req.method !== 'GET' && req.method !== 'POST') throw new Refusal(`method ${req.method}`);
        if (entry.action === 'getSigninToken') {
          const session = sessionOf(params.get('Session'));
          entry.principal = session.arn;
          const sessionDuration = sessionDurationOf(params.get('SessionDuration'), session);
          entry.sessionDuration = sessionDuration ?? null;
          const token = randomBytes(480).toString('base64url');
          tokens.set(token, { session, issuedAt: now(), sessionDuration });
          return reply(200, { 'Content-Type': 'application/json' }, JSON.stringify({ SigninToken: token }));
        }
        if (entry.action === 'login') {
          const issued = tokens.get(params.get('SigninToken') ?? '');
          if (!issued) throw new Refusal('SigninToken is not valid');
          if (now().getTime() - issued.issuedAt.getTime() > SIGNIN_TOKEN_LIFETIME_SECONDS * 1000) throw new Refusal('SigninToken has expired');
          entry.principal = issued.session.arn;
          entry.sessionDuration = issued.sessionDuration ?? null;
          const destination = params.get('Destination');
          if (destination === null || !isConsolePage(destination)) throw new Refusal('Destination is not a console page');
          const issuer = params.get('Issuer');
          if (issuer !== null && issuer.length > 2048) throw new Refusal('Issuer is too long');
          const consoleEnds = issued.sessionDuration === undefined ? issued.session.expiration : new Date(issued.issuedAt.getTime() + issued.sessionDuration * 1000);
          return reply(
            302,
            {
              Location: destination,
              'x-emulator-principal': issued.session.arn,
              'x-emulator-console-session-ends': consoleEnds.toISOString(),
              'Content-Type': 'text/plain',
            },
            `signed in as ${issued.session.arn}\n`,
          );
        }
        throw new Refusal(`unknown Action ${entry.action ?? '(none)'}`);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        entry.error = error.message;
        // AWS answers a plain 400 page; the reason helps whoever reads a failing test.
        return reply(400, { 'Content-Type': 'text/plain' }, `Bad Request: ${error.message}\n`);
      }
    },
  };
}
