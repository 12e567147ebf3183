import { describe, expect, it } from 'vitest';
import { translateStsError } from '../../src/sts/errors.js';
import { AnswerTooLargeError, DEFAULT_HTTP_SETTINGS } from '../../src/sts/http.js';

const endpoint = 'https://sts.example.test';
const context = { endpoint, settings: DEFAULT_HTTP_SETTINGS };

describe('translateStsError: failures of the exchange name the endpoint (#7)', () => {
  it.each([
    ['a per-attempt timeout', { name: 'TimeoutError', message: 'socket hang up' }, `STS at ${endpoint} did not answer (no answer within 5 s, 3 attempts)`],
    ['the deadline', { name: 'DeadlineExceeded', message: 'no answer within 20000 ms' }, `STS at ${endpoint} did not answer within 20 s`],
    ['DNS', { name: 'Error', code: 'ENOTFOUND', hostname: 'sts.example.test', message: 'getaddrinfo ENOTFOUND sts.example.test' }, `cannot reach STS at ${endpoint}: host sts.example.test not found (DNS ENOTFOUND)`],
    ['DNS, host only in the message', { name: 'Error', message: 'getaddrinfo ENOTFOUND sts.example.test' }, `cannot reach STS at ${endpoint}: host sts.example.test not found (DNS ENOTFOUND)`],
    ['refused', { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' }, `cannot reach STS at ${endpoint}: connection refused (ECONNREFUSED)`],
    ['reset', { name: 'Error', code: 'ECONNRESET', message: 'read ECONNRESET' }, `cannot reach STS at ${endpoint}: connection reset (ECONNRESET)`],
  ])('%s', (_what, error, message) => {
    expect(translateStsError(error, context).message).toBe(message);
  });

  it('an HTTP error page names the status and the start of the body, whitespace folded', () => {
    const error = { name: 'Error', message: '@aws-sdk XML parse error: unexpected content.\n  Deserialization error: …', $metadata: { httpStatusCode: 503 } };
    const translated = translateStsError(error, { ...context, trace: { status: 503, errorBody: `<h1>Service\n  Unavailable</h1>\r\n${'x'.repeat(300)}` } });
    expect(translated.message).toBe(`STS at ${endpoint} answered HTTP 503: <h1>Service Unavailable</h1> ${'x'.repeat(99 - '<h1>Service Unavailable</h1> '.length)}…`);
  });

  it('an answer over the size cap', () => {
    expect(translateStsError(new AnswerTooLargeError(endpoint, 256 * 1024), context).message).toBe(`the STS answer from ${endpoint} is larger than 256 KiB; nothing was written`);
  });

  it('an Expiration the SDK cannot parse names the field, not the value', () => {
    const translated = translateStsError({ name: 'TypeError', message: 'Invalid RFC3339 timestamp format 2030\ncredential_process = x' }, { ...context, trace: { status: 200 } });
    expect(translated.message).toBe(`the STS answer from ${endpoint} has an Expiration that is not a date; nothing was written`);
  });

  it('an STS error with an unknown code keeps STS’s message and adds status and endpoint', () => {
    const translated = translateStsError({ name: 'InternalFailure', message: 'An internal error occurred.', $metadata: { httpStatusCode: 500 } }, { ...context, trace: { status: 500 } });
    expect(translated.message).toBe(`STS error (InternalFailure, HTTP 500 from ${endpoint}): An internal error occurred.`);
  });
});
