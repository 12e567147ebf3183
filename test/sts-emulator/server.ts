// The HTTP front of the emulator: AWS Query protocol in, STS XML out, with
// SigV4 checked on every call. Also a small JSON control API under
// /__emulator/ so a test running the emulator in another process can move
// its clock or read the request log.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ACTIONS, memberList, tagsOf } from './actions.js';
import type { ActionContext } from './actions.js';
import { StsError, stsErrors } from './errors.js';
import { checkSigningTime, parseSigV4, verifySignature } from './sigv4.js';
import type { RawRequest } from './sigv4.js';
import { EmulatorState } from './state.js';
import { createSsoService } from './sso.js';
import type { SsoEmulator } from './sso.js';
import type { RoleConfig, Session, UserConfig } from './state.js';
import { errorXml, successXml } from './xml.js';

export interface StsEmulatorOptions {
  /** The emulator's clock: session issue/expiry times and TOTP codes. Default: wall clock. */
  now?: () => Date;
  /**
   * The clock request signing times are compared with. Default: wall clock,
   * not `now`, because real clients sign with the real time even when a test
   * moves the emulator's clock to expire sessions.
   */
  signingClock?: () => Date;
  /** Allowed distance between the signing time and signingClock. Default 900 (15 min, as STS). */
  maxClockSkewSeconds?: number;
  /** Delay before every response, in milliseconds. */
  latencyMs?: number;
  /** Default 0: a free port. */
  port?: number;
  users?: UserConfig[];
  roles?: RoleConfig[];
  /** Serve /__emulator/ control endpoints. Default true. */
  controlApi?: boolean;
  /** Called with each log entry as it is recorded. */
  onRequest?: (entry: RequestLogEntry) => void;
}

/**
 * A broken or hostile answer, served instead of (or spliced into) the real one, so clients can be tested against
 * servers that do not play fair (#7). It applies to STS actions only, never to the control API.
 * - `field`: the action runs as usual, then the text of the first `<field>` element of the answer is replaced by
 *   `value`, written raw apart from XML's own `& < >` escapes and `\r` as `&#13;` (XML readers turn a raw CR into LF).
 * - `hang`: the request is read and never answered; the connection stays open until the client gives up.
 * - `status`: a bare HTTP answer with any status, content type and body (a proxy's 500 page, say).
 * - `error`: an STS error document with any code and message.
 */
export type AnswerOverride = (
  | { kind: 'field'; field: string; value: string }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; contentType: string; body: string }
  | { kind: 'error'; status?: number; code: string; message: string }
) & {
  /** Only for this action (e.g. AssumeRole); default every STS action. */
  action?: string;
};

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function spliceField(xml: string, field: string, value: string): string {
  const element = new RegExp(`<${field}>[^<]*</${field}>`);
  if (!element.test(xml)) throw new Error(`[sts-emulator] the answer has no <${field}> to replace`);
  return xml.replace(element, () => `<${field}>${escapeXmlText(value)}</${field}>`);
}

export interface RequestLogEntry {
  /** Emulator clock at the time of the request. */
  time: string;
  action: string | null;
  /** The access key id the request was signed with, if any. */
  accessKeyId: string | null;
  /** The authenticated principal; null when authentication failed. */
  callerArn: string | null;
  /** Query/form parameters, minus signature fields and with MFA codes redacted. */
  params: Record<string, string>;
  policyArns: string[];
  tags: Record<string, string>;
  status: number;
  errorCode: string | null;
  userAgent: string | null;
}

export interface UserInfo {
  name: string;
  account: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial: string | undefined;
  totpSecret: string | undefined;
}

export interface RoleInfo {
  arn: string;
  account: string;
  name: string;
  roleId: string;
}

export interface SessionInfo {
  accessKeyId: string;
  arn: string;
  issuedAt: Date;
  expiration: Date;
  mfaAuthenticated: boolean;
  sourceIdentity: string | undefined;
}

export interface StsEmulator {
  /** http://127.0.0.1:PORT, for `endpoint` / `--endpoint-url`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first. Live: it grows as requests arrive. */
  readonly requests: RequestLogEntry[];
  addUser(config: UserConfig): UserInfo;
  addRole(config: RoleConfig): RoleInfo;
  /** The MFA code valid right now (emulator clock) for a device serial. */
  totp(serialNumber: string): string;
  /** Current emulator time. */
  now(): Date;
  /** Moves the emulator clock forward (or back, if negative) on top of `now`. */
  advanceClock(seconds: number): void;
  /** Answer the next `times` AssumeRole calls for the role with Throttling. */
  setThrottle(roleArn: string, times: number): void;
  setLatency(ms: number): void;
  /** Serve a broken or hostile answer to every STS request from now on; undefined goes back to honest answers. */
  setAnswer(override: AnswerOverride | undefined): void;
  /** Temporary credentials issued so far, without their secrets. */
  sessions(): SessionInfo[];
  /** IAM Identity Center: organisations, tokens, throttle (sso.ts). */
  readonly sso: SsoEmulator;
  /** Same as sso.setThrottle: 429 for the next `n` portal calls. */
  setSsoThrottle(n: number): void;
  close(): Promise<void>;
}

const REDACTED = '<redacted>';
const SECRET_PARAM = /token|secret|password|assertion/i;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerPairs(raw: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** AWS Query accepts parameters in the query string, the form body, or both. */
function queryParams(req: IncomingMessage, body: Buffer): Map<string, string> {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const params = new Map<string, string>(q < 0 ? [] : new URLSearchParams(target.slice(q + 1)));
  const type = req.headers['content-type'] ?? '';
  if (body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  return params;
}

function loggableParams(params: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    if (/^X-Amz-/i.test(key)) continue;
    out[key] = SECRET_PARAM.test(key) ? REDACTED : value;
  }
  return out;
}

function sessionInfo(session: Session): SessionInfo {
  return {
    accessKeyId: session.accessKeyId,
    arn: session.arn,
    issuedAt: session.issuedAt,
    expiration: session.expiration,
    mfaAuthenticated: session.mfaAuthenticated,
    sourceIdentity: session.sourceIdentity,
  };
}

export async function startStsEmulator(options: StsEmulatorOptions = {}): Promise<StsEmulator> {
  const state = new EmulatorState();
  const baseNow = options.now ?? (() => new Date());
  let clockOffsetMs = 0;
  const now = (): Date => new Date(baseNow().getTime() + clockOffsetMs);
  const signingClock = options.signingClock ?? (() => new Date());
  const maxSkew = options.maxClockSkewSeconds ?? 900;
  let latencyMs = options.latencyMs ?? 0;
  let answer: AnswerOverride | undefined;
  const requests: RequestLogEntry[] = [];
  const ctx: ActionContext = { state, now };
  const sso = createSsoService({ sts: state, now, log: (entry) => (requests.push(entry), options.onRequest?.(entry)) });

  const addUser = (config: UserConfig): UserInfo => {
    const user = state.addUser(config);
    return {
      name: user.name,
      account: user.account,
      arn: user.arn,
      userId: user.userId,
      accessKeyId: user.accessKeyId,
      secretAccessKey: user.secretAccessKey,
      mfaSerial: user.mfa?.serialNumber,
      totpSecret: user.mfa?.totpSecret,
    };
  };
  const addRole = (config: RoleConfig): RoleInfo => {
    const role = state.addRole(config);
    return { arn: role.arn, account: role.account, name: role.name, roleId: role.roleId };
  };
  for (const user of options.users ?? []) addUser(user);
  for (const role of options.roles ?? []) addRole(role);

  function send(res: ServerResponse, status: number, contentType: string, body: string, requestId?: string): void {
    const headers: Record<string, string | number> = {
      // The SDK corrects its clock from this header after a "Signature
      // expired" error, so it must come from the clock signatures are checked against.
      Date: signingClock().toUTCString(),
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(body),
    };
    if (requestId) headers['x-amzn-RequestId'] = requestId;
    res.writeHead(status, headers);
    res.end(body);
  }

  /** Identity Center (portal, OIDC): JSON in and out, on the same port as STS. False when the request is not for it. */
  function serveSso(req: IncomingMessage, res: ServerResponse, body: Buffer): boolean {
    const answer = sso.answer(req, body);
    if (!answer) return false;
    if (answer.errorType) res.setHeader('x-amzn-ErrorType', answer.errorType);
    const text = answer.contentType === undefined ? JSON.stringify(answer.body) : String(answer.body);
    send(res, answer.status, answer.contentType ?? 'application/json', text, randomUUID());
    return true;
  }

  async function handleSts(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const requestId = randomUUID();
    const raw: RawRequest = { method: req.method ?? 'GET', target: req.url ?? '/', headers: headerPairs(req.rawHeaders), body };
    const params = queryParams(req, body);
    const entry: RequestLogEntry = {
      time: now().toISOString(),
      action: params.get('Action') ?? null,
      accessKeyId: null,
      callerArn: null,
      params: loggableParams(params),
      policyArns: memberList(params, 'PolicyArns', 'arn'),
      tags: tagsOf(params),
      status: 200,
      errorCode: null,
      userAgent: req.headers['user-agent'] ?? null,
    };
    let status = 200;
    let xml: string;
    const override = answer && (answer.action === undefined || answer.action === entry.action) ? answer : undefined;
    if (override && override.kind !== 'field') {
      entry.status = override.kind === 'hang' ? 0 : override.kind === 'status' ? override.status : (override.status ?? 400);
      entry.errorCode = override.kind === 'error' ? override.code : null;
      requests.push(entry);
      options.onRequest?.(entry);
      if (override.kind === 'hang') return; // the socket stays open; close() ends it
      if (override.kind === 'status') return send(res, override.status, override.contentType, override.body, requestId);
      return send(res, entry.status, 'text/xml', errorXml('Sender', override.code, override.message, requestId), requestId);
    }
    try {
      const action = params.get('Action');
      if (action === undefined) throw stsErrors.missingAction();
      const version = params.get('Version') ?? '';
      const handler = ACTIONS.get(action);
      if (!handler || version !== '2011-06-15') throw stsErrors.invalidAction(action, version);

      const auth = parseSigV4(raw);
      entry.accessKeyId = auth.accessKeyId;
      const key = state.lookupKey(auth.accessKeyId);
      if (!key) throw stsErrors.invalidClientTokenId();
      // Long-term keys must come without a token, temporary keys with exactly theirs.
      if (auth.securityToken !== key.sessionToken) throw stsErrors.invalidClientTokenId();
      if (key.expiration && key.expiration.getTime() <= now().getTime()) throw stsErrors.expiredToken();
      checkSigningTime(auth, signingClock(), maxSkew);
      verifySignature(raw, auth, key.secretAccessKey);
      entry.callerArn = key.caller.arn;

      xml = successXml(action, handler(ctx, key.caller, params), requestId);
      if (override?.kind === 'field') xml = spliceField(xml, override.field, override.value);
    } catch (error) {
      let stsError: StsError;
      if (error instanceof StsError) {
        stsError = error;
      } else {
        // An emulator bug should look like an AWS 500, and still be visible.
        console.error('[sts-emulator] internal error:', error);
        stsError = stsErrors.internal();
      }
      status = stsError.status;
      entry.errorCode = stsError.code;
      xml = errorXml(stsError.type, stsError.code, stsError.message, requestId);
    }
    entry.status = status;
    // Logged before replying so a test sees the entry as soon as its call returns.
    requests.push(entry);
    options.onRequest?.(entry);
    send(res, status, 'text/xml', xml, requestId);
  }

  function handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): void {
    const json = (status: number, value: unknown): void => send(res, status, 'application/json', JSON.stringify(value) + '\n');
    try {
      if (path === '/__emulator/clock' && req.method === 'GET') return json(200, { now: now().toISOString() });
      if (path === '/__emulator/clock' && req.method === 'POST') {
        const { advanceSeconds } = JSON.parse(body.toString('utf8') || '{}') as { advanceSeconds?: unknown };
        if (typeof advanceSeconds !== 'number') return json(400, { error: 'advanceSeconds (number) required' });
        clockOffsetMs += advanceSeconds * 1000;
        return json(200, { now: now().toISOString() });
      }
      if (path === '/__emulator/requests' && req.method === 'GET') return json(200, requests);
      if (path === '/__emulator/answer' && req.method === 'POST') {
        const text = body.toString('utf8').trim();
        answer = text === '' || text === 'null' ? undefined : (JSON.parse(text) as AnswerOverride);
        return json(200, { answer: answer?.kind ?? null });
      }
      if (path === '/__emulator/sessions' && req.method === 'GET') return json(200, state.sessions.map(sessionInfo));
      const ssoControl = sso.control(req.method ?? 'GET', path, body);
      if (ssoControl) return json(ssoControl.status, ssoControl.body);
      return json(404, { error: `no control endpoint ${req.method} ${path}` });
    } catch (error) {
      return json(400, { error: String(error) });
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
        const path = (req.url ?? '/').split('?')[0]!;
        if (options.controlApi !== false && path.startsWith('/__emulator/')) handleControl(req, res, path, body);
        else if (!serveSso(req, res, body)) await handleSts(req, res, body);
      } catch (error) {
        console.error('[sts-emulator] failed to answer request:', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    addUser,
    addRole,
    totp: (serialNumber) => state.currentCode(serialNumber, now()),
    now,
    advanceClock: (seconds) => {
      clockOffsetMs += seconds * 1000;
    },
    setThrottle: (roleArn, times) => {
      const role = state.roles.get(roleArn);
      if (!role) throw new Error(`no role ${roleArn}`);
      role.throttleRemaining = times;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setAnswer: (override) => {
      answer = override;
    },
    sessions: () => state.sessions.map(sessionInfo),
    sso: sso.api,
    setSsoThrottle: (n) => sso.api.setThrottle(n),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; without this close() would wait for them.
        server.closeAllConnections();
      }),
  };
}
