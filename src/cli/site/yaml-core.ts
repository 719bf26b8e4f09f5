/**
 * Reading front matter: YAML 1.2 with the core schema, through js-yaml.
 *
 * Why js-yaml: every article file's front matter is parsed on each full publish, and the `yaml`
 * package took 57–92 µs for a five-line block where js-yaml 4 takes 7–11 µs (2,000 bench front
 * matters, both parsers alternating; docs/benchmarks.md "Publish"). `yaml` still writes front matter
 * (ingest), because its output quoting is what docs/site-folder.md shows.
 *
 * js-yaml's own core schema is not quite YAML 1.2's: it also reads `0b101` and signed hex and octal
 * (`-0x1`, `+0o7`) as integers, and not `-.5e3` as a float. `yaml` writes such text unquoted, since
 * to YAML 1.2 it is a string, so a title like `0b101` would have come back as 5. So the integer and
 * float types here are the core schema's own (YAML 1.2.2 §10.3.2); null and booleans are js-yaml's,
 * which already match it. test/cli/yaml-core.test.ts checks this reader against `yaml`'s core schema
 * on every scalar form and on generated documents, including everything the ingest writer emits.
 *
 * Two deliberate differences from `yaml`: an unknown tag (`!foo bar`) is an error instead of a
 * warning, and the bare non-specific tag `!` gives null instead of an empty string. Duplicate keys
 * are an error in both; a `__proto__` key is an own property and never a prototype.
 */
import * as jsyaml from 'js-yaml';

/** js-yaml's own types, exported for custom schemas (README "types"; not in @types/js-yaml 4.0.9). */
const types = (jsyaml as unknown as { types?: Record<string, jsyaml.Type | undefined> }).types;
if (!types?.['null'] || !types['bool']) throw new Error('internal: this js-yaml has no null and bool types to build the core schema from');

const INT_DECIMAL = /^[-+]?[0-9]+$/;
const INT_OCTAL = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;

const coreInt = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (INT_DECIMAL.test(data) || INT_OCTAL.test(data) || INT_HEX.test(data)),
  construct: (data: string) => {
    if (INT_OCTAL.test(data)) return parseInt(data.slice(2), 8);
    if (INT_HEX.test(data)) return parseInt(data.slice(2), 16);
    return parseInt(data, 10);
  },
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  represent: (v: unknown) => String(v),
});

const FLOAT_NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const FLOAT_INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const FLOAT_NAN = /^\.(?:nan|NaN|NAN)$/;

const coreFloat = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (FLOAT_NUMBER.test(data) || FLOAT_INF.test(data) || FLOAT_NAN.test(data)),
  construct: (data: string) => {
    if (FLOAT_NAN.test(data)) return NaN;
    if (FLOAT_INF.test(data)) return data.startsWith('-') ? -Infinity : Infinity;
    return parseFloat(data);
  },
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: unknown) => String(v),
});

/** YAML 1.2 core: strings, sequences and mappings (failsafe), null, booleans, integers, floats. */
const CORE = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types['null'], types['bool'], coreInt, coreFloat] });

/**
 * Parse one YAML document with the core schema. Throws js-yaml's YAMLException (its first line
 * names the problem and the position) on invalid YAML, duplicate keys and unknown tags.
 */
export function parseYamlCore(text: string): unknown {
  return jsyaml.load(text, { schema: CORE });
}
