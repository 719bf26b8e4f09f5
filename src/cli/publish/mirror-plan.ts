/**
 * Which mirrors a publish signs (docs/cli.md "publish"): the site's configured list (site.json
 * `mirrors`, edited with `pigeonpost mirrors`), plus `--mirror` URLs for this run only. Readers
 * replace their mirror list with the signed one, so a list that silently lost mirrors would cut
 * every reader off from them: a publish refuses an empty list, and one that drops a mirror the
 * last signed manifest had, unless the operator allows the removal.
 */
import { CliError } from '../util/errors.ts';

/** Inputs of {@link planMirrors}; every URL already normalised. */
export interface MirrorPlanInput {
  /** The site folder as the operator typed it (for the commands the messages suggest). */
  readonly siteDir: string;
  readonly configured: readonly string[];
  readonly extra: readonly string[];
  /** The last signed list (publish state, else the tree's manifest); undefined on a first publish. */
  readonly previous: readonly string[] | undefined;
  readonly allowRemoval: boolean;
  readonly max: number;
}

/** The list to sign, and notes (warnings) for the operator. */
export function planMirrors(o: MirrorPlanInput): { mirrors: string[]; notes: string[] } {
  const mirrors = [...new Set([...o.configured, ...o.extra])];
  const notes: string[] = [];
  const oneOff = o.extra.filter((m) => !o.configured.includes(m));
  if (mirrors.length === 0) {
    throw new CliError(
      `no mirrors to sign: add the URLs readers sync from with pigeonpost mirrors add ${o.siteDir} https://mirror.example/ (http only for 127.0.0.1 or localhost)`,
      1,
      'NO_MIRRORS',
    );
  }
  if (mirrors.length > o.max) throw new CliError(`at most ${o.max} mirrors can be signed, got ${mirrors.length}`, 1, 'TOO_MANY_MIRRORS');
  const dropped = (o.previous ?? []).filter((m) => !mirrors.includes(m));
  if (dropped.length > 0 && !o.allowRemoval) {
    throw new CliError(
      `the last signed mirror list has ${dropped.join(', ')}, which this publish would drop and readers would stop using; ` +
        `keep ${dropped.length === 1 ? 'it' : 'them'} with pigeonpost mirrors add ${o.siteDir} ${dropped.join(' ')}, or pass --allow-mirror-removal to drop ${dropped.length === 1 ? 'it' : 'them'}`,
      1,
      'MIRRORS_DROPPED',
    );
  }
  if (dropped.length > 0) notes.push(`warning: dropping ${dropped.join(', ')} from the signed mirror list (--allow-mirror-removal)`);
  if (oneOff.length > 0) {
    notes.push(
      `warning: --mirror ${oneOff.join(', ')} is signed for this publish only; the next publish refuses to drop it unless it is in site.json (pigeonpost mirrors add ${o.siteDir} ${oneOff.join(' ')})`,
    );
  }
  return { mirrors, notes };
}
