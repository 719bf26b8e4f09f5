/**
 * The `mirrors` list of site.json (docs/site-folder.md): each entry is a mirror base URL, or an
 * object `{"url": "https://gateway.example/", "kind": "ipfs-gateway"}` naming an IPFS gateway that
 * serves the site's objects by CID (format.md §3.3). Ordinary mirrors and gateways are kept apart:
 * only ordinary mirrors go into the app's bootstrap list and serve the timestamp and manifest.
 */
import { MIRROR_KINDS } from '../../core/format/manifest.ts';
import { CliError } from '../util/errors.ts';

/** site.json `mirrors`, split by kind (each list normalised and without repeats). */
export interface MirrorLists {
  readonly mirrors: string[];
  readonly gateways: string[];
}

/**
 * Split and validate a raw `mirrors` value; `normalise` checks one URL (config.ts's
 * normaliseMirror). `where` names the file in errors.
 */
export function readMirrorEntries(raw: unknown, where: string, normalise: (url: string, where: string) => string): MirrorLists {
  if (!Array.isArray(raw)) throw new CliError(`${where}: "mirrors" must be an array of URLs`);
  const mirrors: string[] = [];
  const gateways: string[] = [];
  raw.forEach((m: unknown, i) => {
    if (typeof m === 'string') {
      mirrors.push(normalise(m, where));
      return;
    }
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new CliError(`${where}: "mirrors"[${i}] must be a URL or {"url": …, "kind": "ipfs-gateway"}`);
    const o = m as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'url' && k !== 'kind');
    if (extra.length > 0) throw new CliError(`${where}: "mirrors"[${i}] has unknown field "${extra[0]}" (allowed: url, kind)`);
    if (typeof o['url'] !== 'string') throw new CliError(`${where}: "mirrors"[${i}].url must be a URL`);
    if (o['kind'] !== undefined && !(MIRROR_KINDS as readonly unknown[]).includes(o['kind'])) throw new CliError(`${where}: "mirrors"[${i}].kind must be "ipfs-gateway", got ${JSON.stringify(o['kind'])}`);
    (o['kind'] === 'ipfs-gateway' ? gateways : mirrors).push(normalise(o['url'], where));
  });
  const both = new Set(mirrors);
  const clash = gateways.find((g) => both.has(g));
  if (clash !== undefined) throw new CliError(`${where}: ${clash} is listed both as a mirror and as an IPFS gateway`);
  return { mirrors: [...new Set(mirrors)], gateways: [...new Set(gateways)] };
}
