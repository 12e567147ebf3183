/**
 * node:fs/promises, loaded when first used: loading it costs every command ~4.5 ms at start-up (it brings readline's
 * interface and the file watchers with it), and `use`, `get` and `list`, which run in prompts, never write.
 */
export const fsAsync = (): typeof import('node:fs/promises') => process.getBuiltinModule('node:fs/promises');
