import { AwsprofError } from '../errors.js';

/**
 * Where awsprof's own (non-SDK) AWS calls go, resolved as the SDKs and the AWS CLI resolve it: the service's
 * AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true; otherwise the
 * regional AWS host. (The `endpoint_url` keys and `[services]` sections of the config file are not read here.)
 */
export type JsonServiceId = 'SSO' | 'SSO_OIDC';

const HOST_PREFIX: Readonly<Record<JsonServiceId, string>> = {
  // The portal API (ListAccounts, GetRoleCredentials…), botocore endpointPrefix `portal.sso`.
  SSO: 'portal.sso',
  SSO_OIDC: 'oidc',
};

export interface ResolvedEndpoint {
  /** Base URL without a trailing slash. */
  url: string;
  /** Where the URL came from, for error hints. */
  source: string;
}

export function resolveServiceEndpoint(env: NodeJS.ProcessEnv, service: JsonServiceId, region: string): ResolvedEndpoint {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
    for (const variable of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL']) {
      const value = env[variable];
      if (value) return { url: checkEndpointUrl(value, variable), source: variable };
    }
  }
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { url: `https://${HOST_PREFIX[service]}.${region}.${suffix}`, source: 'the region' };
}

function checkEndpointUrl(value: string, variable: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new AwsprofError(`${variable} is not an http(s) endpoint URL`, { hint: 'set it to a URL such as https://example.com or unset it' });
  }
  return value.replace(/\/+$/, '');
}
