// The IAM Identity Center portal API (service "SSO", rest-json, signing name awsssoportal, but authenticated by the
// bearer token in `x-amz-sso_bearer_token` rather than SigV4), as botocore's sso/2019-06-10/service-2.json and the
// JS SDK's client describe it: query parameters `max_result`, `next_token`, `account_id`, `role_name`; errors as
// the `x-amzn-ErrorType` header plus `{"message": ...}`.
import type { SsoAccount, SsoOrganisation, SsoState } from './sso-state.js';

/** An Identity Center answer, JSON unless `contentType` says otherwise; `errorType` becomes the x-amzn-ErrorType header of an error answer. */
export interface JsonAnswer {
  status: number;
  body: unknown;
  errorType?: string;
  /** For the request log. */
  action: string;
  /** When set, `body` is sent as this type's text rather than as JSON (the emulator's device page). */
  contentType?: string;
}

export interface PortalRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  bearerToken: string | undefined;
}

const PORTAL_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['GET /assignment/accounts', 'ListAccounts'],
  ['GET /assignment/roles', 'ListAccountRoles'],
  ['GET /federation/credentials', 'GetRoleCredentials'],
  ['POST /logout', 'Logout'],
]);

/** The portal action a request names, if any. */
export function portalAction(method: string, path: string): string | undefined {
  return PORTAL_ACTIONS.get(`${method} ${path}`);
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

// Wording as the real service answers (what `aws sso` users quote in bug reports).
const unauthorized = () => new PortalError(401, 'UnauthorizedException', 'Session token not found or invalid');
const tooManyRequests = () => new PortalError(429, 'TooManyRequestsException', 'HTTP 429 Too Many Requests');
const noAccess = () => new PortalError(403, 'ForbiddenException', 'No access');
const invalidRequest = (message: string) => new PortalError(400, 'InvalidRequestException', message);

function pageSize(query: URLSearchParams): number {
  const raw = query.get('max_result');
  if (raw === null) return DEFAULT_PAGE;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 1 || size > MAX_PAGE) {
    throw invalidRequest(`1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE}`);
  }
  return size;
}

// Opaque to clients, as AWS's are; an offset inside is enough for a list that does not change between pages.
function pageStart(query: URLSearchParams): number {
  const raw = query.get('next_token');
  if (raw === null) return 0;
  const match = /^page:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match) throw invalidRequest('Invalid nextToken');
  return Number(match[1]);
}

function page<T>(items: readonly T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const size = pageSize(query);
  const start = pageStart(query);
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined,
  };
}

function assignedAccount(organisation: SsoOrganisation, query: URLSearchParams): SsoAccount {
  const accountId = query.get('account_id');
  if (accountId === null || accountId === '') throw invalidRequest('accountId is required');
  const account = organisation.byId.get(accountId);
  if (!account) throw noAccess();
  return account;
}

export function answerPortal(sso: SsoState, now: Date, request: PortalRequest): JsonAnswer | undefined {
  const action = portalAction(request.method, request.path);
  if (action === undefined) return undefined;
  try {
    if (sso.throttled()) throw tooManyRequests();
    const organisation = sso.organisationOf(request.bearerToken, now);
    if (!organisation) throw unauthorized();
    const { query } = request;
    switch (action) {
      case 'ListAccounts': {
        const { items, nextToken } = page(organisation.accounts, query);
        const accountList = items.map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
        return { status: 200, action, body: nextToken === undefined ? { accountList } : { accountList, nextToken } };
      }
      case 'ListAccountRoles': {
        const account = assignedAccount(organisation, query);
        const { items, nextToken } = page(account.roles, query);
        const roleList = items.map((roleName) => ({ roleName, accountId: account.accountId }));
        return { status: 200, action, body: nextToken === undefined ? { roleList } : { roleList, nextToken } };
      }
      case 'GetRoleCredentials': {
        const account = assignedAccount(organisation, query);
        const roleName = query.get('role_name');
        if (roleName === null || roleName === '') throw invalidRequest('roleName is required');
        if (!account.roles.includes(roleName)) throw noAccess();
        const session = sso.roleCredentials(organisation, account, roleName, now);
        return {
          status: 200,
          action,
          body: {
            roleCredentials: {
              accessKeyId: session.accessKeyId,
              secretAccessKey: session.secretAccessKey,
              sessionToken: session.sessionToken,
              // Epoch milliseconds, unlike STS's ISO 8601.
              expiration: session.expiration.getTime(),
            },
          },
        };
      }
      default: {
        // Logout: the token stops working, as `aws sso logout` expects.
        sso.revokeToken(request.bearerToken!);
        return { status: 200, action, body: {} };
      }
    }
  } catch (error) {
    if (!(error instanceof PortalError)) throw error;
    return { status: error.status, action, errorType: error.type, body: { message: error.message } };
  }
}
