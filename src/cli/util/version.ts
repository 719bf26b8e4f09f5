/** The version line of `pigeonpost --version`: the package version and the repository format it writes. */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** `pigeonpost <version> (repository format 1)`. */
export const VERSION_LINE = `pigeonpost ${pkg.version} (repository format 1)`;
