/**
 * The front matter reader (src/cli/site/yaml-core.ts: js-yaml with YAML 1.2's core schema) against
 * the `yaml` package's core schema, which read front matter before: the same values for every
 * scalar form and for generated documents, and exactly what the ingest writer (`yaml`'s stringify)
 * wrote. The two deliberate differences (unknown tags, the bare `!` tag) are pinned here too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseYamlCore } from '../../src/cli/site/yaml-core.ts';

/** `yaml`'s reading with the core schema, its warnings muted (unknown tags only warn there). */
function viaYaml(text: string): unknown {
  return YAML.parse(text, { schema: 'core', uniqueKeys: true, logLevel: 'error' });
}

/** Both readings as JSON text (NaN and infinities spelled out), or the error of each. */
function both(text: string): { core: string; yaml: string } {
  const show = (f: () => unknown): string => {
    try {
      return JSON.stringify(f(), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `number:${v}` : v)) ?? 'undefined';
    } catch {
      return 'error';
    }
  };
  return { core: show(() => parseYamlCore(text)), yaml: show(() => viaYaml(text) ?? undefined) };
}

const SCALARS = [
  // integers: decimal, octal, hex; YAML 1.1 and signed forms that YAML 1.2 core keeps as text
  '0', '-0', '+12', '012', '08', '1_000', '9007199254740993', '0o17', '0o8', '0x1F', '0X1f', '0b101', '-0b1', '+0x1', '-0x1', '+0o7', '0x', '0o',
  // floats
  '1.0', '.5', '5.', '-.5e3', '1e3', '1E3', '1e+3', '1.e3', '.e3', '1e_3', '1_000.5', '00.5', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'inf', 'nan',
  // null and booleans (YAML 1.1's yes/no/on/off are text in 1.2)
  '~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'off',
  // dates and times stay text in the core schema
  '2030-01-01', '2030-01-01T07:00:00+03:00', '12:30', '1:20:30',
  // quoting, escapes, comments, flow and block collections, block scalars
  '"a\\u00e9\\n"', "'it''s'", 'a # comment', 'a#b', '[1, two, 3.0]', '{a: 1, b: [x]}', '|\n  line one\n  line two', '>-\n  folded\n  text',
  'Заметка «в кавычках» — тире', '"🕊️ emoji"', 'a: b', '- item', '&anchor value', '!!str 12', '!!int "7"',
];

describe('parseYamlCore', () => {
  it('reads every scalar form as the yaml package core schema does', () => {
    for (const s of SCALARS) {
      const text = s.includes('\n') ? `v: ${s}\n` : `v: ${s}`;
      expect(both(text), JSON.stringify(text)).toEqual((({ yaml }) => ({ core: yaml, yaml }))(both(text)));
    }
  });

  it('reads back exactly what the ingest writer (yaml stringify) writes, for generated front matter', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ maxLength: 30 }),
      fc.constantFrom(...SCALARS.filter((s) => !s.includes('\n')), ' lead', 'trail ', 'a\nb', '\t', '- a', '? x', '%x', '@x', '`x`', '*a', '|', '>'),
    );
    const value = fc.oneof(text, fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.record({ src: text, alt: text, caption: text }, { requiredKeys: ['src'] }));
    const frontMatter = fc.dictionary(fc.constantFrom('id', 'title', 'date', 'lang', 'section', 'author', 'summary', 'image', 'source', 'sample', 'x y', 'ключ'), value);
    fc.assert(
      fc.property(frontMatter, (fm) => {
        for (const opts of [{ lineWidth: 0 }, {}]) {
          const written = YAML.stringify(fm, opts);
          expect(parseYamlCore(written)).toEqual(viaYaml(written));
          expect(parseYamlCore(written)).toEqual(fm);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the yaml package on generated hand-written documents wherever that one reads them', () => {
    const scalar = fc.oneof(fc.constantFrom(...SCALARS), fc.string({ maxLength: 20 }).filter((s) => !s.includes('!')));
    const doc = fc.uniqueArray(fc.tuple(fc.constantFrom('title', 'summary', 'section', 'author', 'sample', 'date', 'image'), scalar), { maxLength: 6, selector: ([k]) => k });
    let refusedByYaml = 0;
    fc.assert(
      fc.property(doc, (lines) => {
        const text = lines.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
        const r = both(text);
        // js-yaml is more lenient with a few malformed layouts `yaml` refuses (a multi-line quoted
        // scalar whose next line is not indented), so only a document `yaml` reads is compared.
        if (r.yaml !== 'error') expect(r.core, JSON.stringify(text)).toBe(r.yaml);
        else refusedByYaml++;
      }),
      { numRuns: 3000 },
    );
    // About a fifth of the generated documents are not valid YAML; the rest are compared.
    expect(refusedByYaml).toBeLessThan(1000);
  });

  it('refuses duplicate keys and unknown tags; reads the bare ! tag as null; never sets a prototype', () => {
    expect(() => parseYamlCore('title: a\ntitle: b')).toThrow(/duplicated mapping key/);
    expect(() => parseYamlCore('title: !foo bar')).toThrow(/unknown tag/);
    expect(parseYamlCore('title: !\n')).toEqual({ title: null });
    const o = parseYamlCore('__proto__: {polluted: 1}\ntitle: t') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.hasOwn(o, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(o['polluted']).toBeUndefined();
  });
});
