/**
 * The UI catalogue: English source strings, each a lit-localize `msg` call with a stable explicit
 * id. `lit-localize extract` reads them into xliff/<locale>.xlf for translators, and
 * `lit-localize build` writes the translations back as generated/<locale>.ts (docs/translating.md).
 *
 * `messages(msg, plural)` builds the catalogue around a message function: the app passes lit's
 * global `msg` (the language set with setLocale, locale.ts), `messagesIn()` one bound to a single
 * locale's templates (the CLI, and share files written in the story's language). Plain strings are
 * getters and parameterised ones functions, so `m.key` and `m.fn(args)` read the current
 * translation, and `Messages` is the contract: a missing key or wrong parameters do not compile.
 */
import type { MsgFn, MsgOptions, TemplateLike, TemplateMap } from '@lit/localize';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { pluralIn, type Plural } from './plural.ts';
import { coreMessages } from './core-messages.ts';
import { shareMessages } from './share-messages.ts';
import { nearbyMessages } from './nearby-messages.ts';
import { storageMessages } from './storage-messages.ts';
import { designMessages } from './design-messages.ts';
import { shellMessages } from './shell-messages.ts';
import { a11yMessages } from './a11y-messages.ts';
import { platformMessages } from './platform-messages.ts';
import { templates as ruTemplates } from './generated/ru.ts';

/** One object with every part's properties, getters kept as getters (a spread would read them once). */
function combine<T extends object[]>(...parts: T): UnionToIntersection<T[number]> {
  const out = {};
  for (const part of parts) Object.defineProperties(out, Object.getOwnPropertyDescriptors(part));
  return out as UnionToIntersection<T[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The catalogue, reading every string through `msg`. */
export function messages(msg: MsgFn, plural: Plural) {
  return combine(
    coreMessages(msg, plural),
    shareMessages(msg, plural),
    nearbyMessages(msg, plural),
    storageMessages(msg, plural),
    designMessages(msg),
    shellMessages(msg),
    a11yMessages(msg, plural),
    platformMessages(msg),
  );
}

/** The shape of the catalogue. */
export type Messages = ReturnType<typeof messages>;

/** The languages a reader can choose (Settings); ar-XB is a testers' pseudo-locale (locale.ts). */
export const LOCALES = ['en', 'ru'] as const;
export type LocaleCode = (typeof LOCALES)[number];

/** A message function bound to one locale's templates (undefined: the English source). */
function boundMsg(templates: TemplateMap | undefined): MsgFn {
  return ((template: TemplateLike, options?: MsgOptions) => runtimeMsg(templates, template, options)) as MsgFn;
}

const fixed: Record<LocaleCode, Messages> = {
  en: messages(boundMsg(undefined), pluralIn(() => 'en')),
  ru: messages(boundMsg(ruTemplates), pluralIn(() => 'ru')),
};

/**
 * The catalogue of a language tag, whatever the UI language is: Russian for ru*, else English.
 * For words that follow a document's language rather than the reader's (manifest names, share files).
 */
export function messagesIn(lang: string): Messages {
  return lang.toLowerCase().split('-')[0] === 'ru' ? fixed.ru : fixed.en;
}
