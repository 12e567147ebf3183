/** STS RoleSessionName: 2 to 64 characters from `[\w+=,.@-]`. */
const ALLOWED = /[^\w+=,.@-]/g;

export function sanitizeSessionName(raw: string): string {
  let name = raw.replace(ALLOWED, '-').slice(0, 64);
  if (name.length < 2) name = `${name}awsprof`.slice(0, 64);
  return name;
}

export function isValidSessionName(name: string): boolean {
  return /^[\w+=,.@-]{2,64}$/.test(name);
}

/** `<os user>-<YYYYMMDD>`, so CloudTrail shows who assumed the role and when. */
export function defaultSessionName(user: string, now: Date): string {
  const date = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  return sanitizeSessionName(`${user || 'awsprof'}-${date}`);
}
