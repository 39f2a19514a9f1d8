import pkg from '../package.json' with { type: 'json' };

/** Stackpilot's version: package.json's, the one place it is written (bundled in at build time). */
export const VERSION: string = pkg.version;
