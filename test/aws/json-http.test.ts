// The HTTP rules of awsprof's SDK-less AWS calls (SSO OIDC, the SSO portal), against real local servers that hang,
// fail, throttle or answer too much (#9).
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveServiceEndpoint } from '../../src/aws/endpoints.js';
import { callJson } from '../../src/aws/json-http.js';
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from '../../src/sts/http.js';

const FAST: HttpSettings = { ...DEFAULT_HTTP_SETTINGS, connectTimeoutMs: 300, responseTimeoutMs: 300, deadlineMs: 3000, maxAttempts: 3, maxAnswerBytes: 1024 };

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const call = (baseUrl: string, extra: Partial<Parameters<typeof callJson>[0]> = {}) =>
  callJson({ service: 'SSO OIDC', method: 'POST', baseUrl, path: '/token', body: { a: 1 }, ...extra }, FAST);

describe('callJson', () => {
  it('gives up on a server that never answers within the per-attempt timeouts, naming the endpoint', async () => {
    let attempts = 0;
    const url = await serve(() => void attempts++);
    const started = Date.now();
    await expect(call(url)).rejects.toThrow(`SSO OIDC at ${url} did not answer: no answer within 0.3 s`);
    expect(attempts).toBe(3);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('retries 5xx and throttling, then returns the answer with its error type', async () => {
    const statuses = [503, 429];
    const url = await serve((req, res) => {
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'x-amzn-ErrorType': 'TooManyRequestsException:http://internal.amazon.com/coral/x/' } : {}) });
      res.end(JSON.stringify(status === 200 ? { ok: true } : { message: 'slow down' }));
    });
    expect(await call(url)).toEqual({ status: 200, errorType: undefined, body: { ok: true } });
  });

  it('returns a throttled answer once throttledAttempts are spent, and reads error types from the body too', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'content-type': 'application/json' }).end('{"error":"slow_down"}'));
    expect(await call(url, { throttledAttempts: 1 })).toEqual({ status: 429, errorType: 'slow_down', body: { error: 'slow_down' } });
  });

  it('refuses an answer over the size cap and a body that is not JSON', async () => {
    const big = await serve((_req, res) => res.writeHead(200).end(JSON.stringify({ token: 'x'.repeat(5000) })));
    await expect(call(big)).rejects.toThrow('an answer larger than 1 KiB');
    server!.close();
    const html = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    await expect(call(html)).rejects.toThrow('an answer that is not JSON (HTTP 200)');
  });
});

describe('resolveServiceEndpoint', () => {
  it.each([
    [{ AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:1/', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }, 'SSO_OIDC', 'eu-west-1', 'http://127.0.0.1:1'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }, 'SSO', 'eu-west-1', 'http://127.0.0.1:2'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:2', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'SSO_OIDC', 'eu-west-1', 'https://oidc.eu-west-1.amazonaws.com'],
    [{}, 'SSO', 'cn-north-1', 'https://portal.sso.cn-north-1.amazonaws.com.cn'],
  ] as const)('%j %s %s', (env, service, region, expected) => expect(resolveServiceEndpoint(env, service, region).url).toBe(expected));

  it('refuses an endpoint variable that is not an http(s) URL', () => {
    expect(() => resolveServiceEndpoint({ AWS_ENDPOINT_URL_SSO: 'file:///etc/passwd' }, 'SSO', 'eu-west-1')).toThrow('AWS_ENDPOINT_URL_SSO is not an http(s) endpoint URL');
  });
});
