// Server side of AWS Signature Version 4: reads the signature a client put on
// a request, rebuilds the canonical request from the bytes that actually
// arrived, and checks it against the secret the emulator holds. Signing is
// provided as well so tests can craft requests no real client would send
// (skewed clocks, tampered bodies).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { stsErrors } from './errors.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface RawRequest {
  method: string;
  /** The request target exactly as received, e.g. `/?Action=...`. */
  target: string;
  /** Header pairs as received, duplicates and original case preserved. */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
}

export interface SigV4Auth {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Basic ISO-8601 time the client signed at, e.g. 20240102T030405Z. */
  amzDate: string;
  signedAt: Date;
  securityToken: string | undefined;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** RFC 3986 encoding as SigV4 defines it: only A-Z a-z 0-9 - _ . ~ survive. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** Query pairs decoded; `+` stays a literal plus because SigV4 clients encode spaces as %20. */
export function parseRawQuery(query: string): Array<[string, string]> {
  if (query === '') return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0
        ? [safeDecode(part), '']
        : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))];
    });
}

export function headerValues(request: RawRequest, name: string): string[] {
  const lower = name.toLowerCase();
  return request.headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
}

function firstHeader(request: RawRequest, name: string): string | undefined {
  return headerValues(request, name)[0];
}

// Non-S3 services normalise the path and encode it a second time: the client
// already percent-encoded it once to put it on the wire.
function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') && segments.length > 0 ? '/' : '';
  return '/' + segments.map(uriEncode).join('/') + trailing;
}

function canonicalQuery(rawQuery: string): string {
  return parseRawQuery(rawQuery)
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function canonicalHeaderValue(values: string[]): string {
  return values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

export function payloadHash(request: RawRequest): string {
  return firstHeader(request, 'x-amz-content-sha256') ?? sha256Hex(request.body);
}

export function canonicalRequest(request: RawRequest, signedHeaders: readonly string[]): string {
  const { path, query } = splitTarget(request.target);
  const headerLines = signedHeaders.map(
    (name) => `${name}:${canonicalHeaderValue(headerValues(request, name))}\n`,
  );
  return [
    request.method.toUpperCase(),
    canonicalUri(path === '' ? '/' : path),
    canonicalQuery(query),
    headerLines.join(''),
    signedHeaders.join(';'),
    payloadHash(request),
  ].join('\n');
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function fromAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface RawAuthFields {
  credential: string | undefined;
  signedHeaders: string | undefined;
  signature: string | undefined;
  amzDate: string | undefined;
}

function fieldsFromHeader(request: RawRequest, header: string): RawAuthFields {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw stsErrors.incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  let amzDate = firstHeader(request, 'x-amz-date');
  if (amzDate === undefined) {
    // SigV4 allows the plain HTTP Date header as the signing time.
    const date = firstHeader(request, 'date');
    const parsed = date === undefined ? undefined : new Date(date);
    if (parsed && !Number.isNaN(parsed.getTime())) amzDate = toAmzDate(parsed);
  }
  return {
    credential: parts.get('Credential'),
    signedHeaders: parts.get('SignedHeaders'),
    signature: parts.get('Signature'),
    amzDate,
  };
}

/** Extracts the signature fields; throws the StsError AWS would for malformed ones. */
export function parseSigV4(request: RawRequest): SigV4Auth {
  // Query-string (presigned URL) authentication is not supported: no
  // credential flow a profile tool uses sends it.
  const header = firstHeader(request, 'authorization');
  if (header === undefined) throw stsErrors.missingAuthentication();
  const fields = fieldsFromHeader(request, header);

  const missing: string[] = [];
  if (!fields.credential) missing.push("Authorization header requires 'Credential' parameter.");
  if (!fields.signedHeaders) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (!fields.signature) missing.push("Authorization header requires 'Signature' parameter.");
  if (!fields.amzDate) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0) {
    throw stsErrors.incompleteSignature(`${missing.join(' ')} Authorization=${header}`);
  }
  const credential = fields.credential!;
  const amzDate = fields.amzDate!;

  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((part) => part === '')) {
    throw stsErrors.incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = scope as [string, string, string, string, string];
  if (terminator !== 'aws4_request') {
    throw stsErrors.signatureDoesNotMatch(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
    );
  }
  if (service !== 'sts') {
    throw stsErrors.signatureDoesNotMatch(`Credential should be scoped to correct service: 'sts'.`);
  }
  const signedAt = fromAmzDate(amzDate);
  if (!signedAt) {
    throw stsErrors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  }
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw stsErrors.signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  const signedHeaders = fields.signedHeaders!.split(';');
  if (!signedHeaders.includes('host')) {
    throw stsErrors.signatureDoesNotMatch(`'Host' must be a 'SignedHeader' in the AWS Authorization.`);
  }
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders,
    signature: fields.signature!,
    amzDate,
    signedAt,
    securityToken: firstHeader(request, 'x-amz-security-token'),
  };
}

/** Rejects requests signed too far from the server's clock, as AWS does to limit replay. */
export function checkSigningTime(auth: SigV4Auth, now: Date, maxSkewSeconds: number): void {
  const stamp = toAmzDate(now);
  const skewMs = maxSkewSeconds * 1000;
  const minutes = Math.round(maxSkewSeconds / 60);
  if (auth.signedAt.getTime() < now.getTime() - skewMs) {
    const limit = toAmzDate(new Date(now.getTime() - skewMs));
    throw stsErrors.signatureDoesNotMatch(
      `Signature expired: ${auth.amzDate} is now earlier than ${limit} (${stamp} - ${minutes} min.)`,
    );
  }
  if (auth.signedAt.getTime() > now.getTime() + skewMs) {
    const limit = toAmzDate(new Date(now.getTime() + skewMs));
    throw stsErrors.signatureDoesNotMatch(
      `Signature not yet current: ${auth.amzDate} is still later than ${limit} (${stamp} + ${minutes} min.)`,
    );
  }
}

export function computeSignature(request: RawRequest, auth: SigV4Auth, secretAccessKey: string): string {
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const canonical = canonicalRequest(request, auth.signedHeaders);
  const key = signingKey(secretAccessKey, auth.scopeDate, auth.region, auth.service);
  return createHmac('sha256', key).update(stringToSign(auth.amzDate, scope, canonical)).digest('hex');
}

export function verifySignature(request: RawRequest, auth: SigV4Auth, secretAccessKey: string): void {
  const declared = firstHeader(request, 'x-amz-content-sha256');
  if (declared !== undefined && /^[0-9a-f]{64}$/i.test(declared) && declared.toLowerCase() !== sha256Hex(request.body)) {
    // The signature covers the declared hash, not the body, so check the body separately.
    throw stsErrors.signatureDoesNotMatch(
      'The provided x-amz-content-sha256 header does not match what was computed.',
    );
  }
  const expected = Buffer.from(computeSignature(request, auth, secretAccessKey));
  const provided = Buffer.from(auth.signature.toLowerCase());
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) {
    throw stsErrors.signatureDoesNotMatch();
  }
}

export interface SignOptions {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  date?: Date;
}

/**
 * Signs a request the way the SDKs do (host, x-amz-date, token and
 * content-type signed). Adds the headers to `request` and returns it.
 */
export function signRequest(request: RawRequest, options: SignOptions): RawRequest {
  const amzDate = toAmzDate(options.date ?? new Date());
  const region = options.region ?? 'us-east-1';
  const headers = [...request.headers, ['X-Amz-Date', amzDate] as const];
  if (options.sessionToken !== undefined) headers.push(['X-Amz-Security-Token', options.sessionToken]);
  const withDate: RawRequest = { ...request, headers };
  const signedHeaders = [...new Set(headers.map(([name]) => name.toLowerCase()))].sort();
  const auth: SigV4Auth = {
    accessKeyId: options.accessKeyId,
    scopeDate: amzDate.slice(0, 8),
    region,
    service: 'sts',
    signedHeaders,
    signature: '',
    amzDate,
    signedAt: fromAmzDate(amzDate)!,
    securityToken: options.sessionToken,
  };
  const signature = computeSignature(withDate, auth, options.secretAccessKey);
  const credential = `${options.accessKeyId}/${auth.scopeDate}/${region}/sts/aws4_request`;
  headers.push([
    'Authorization',
    `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
  ]);
  return withDate;
}
