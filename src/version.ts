declare const AWSPROF_VERSION: string | undefined;

/** package.json's version, put in by the build (scripts/build.mjs); `0.0.0-dev` when run from source. */
export const VERSION = typeof AWSPROF_VERSION === 'string' ? AWSPROF_VERSION : '0.0.0-dev';
