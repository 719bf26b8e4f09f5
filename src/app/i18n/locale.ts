/**
 * The UI language through @lit/localize in runtime mode: English (the source), Russian, and the
 * testers' right-to-left pseudo-locale ar-XB. Translators work from xliff/<locale>.xlf and
 * `lit-localize build` writes generated/<locale>.ts (docs/translating.md); `Messages`
 * (messages.ts) keeps every key and parameter type-checked.
 *
 * The language is chosen from `navigator.languages` unless the reader picked one in Settings
 * (localStorage 'pigeonpost.locale': 'en', 'ru', or 'ar-XB', which Settings does not offer).
 * Russian is bundled with the app; ar-XB is a lazy chunk (the precache takes every .js file, so it
 * works offline too). `localeReady` resolves when the stored choice is active; the shell renders
 * after it, so every component first renders in the right language.
 *
 * Components call `msg()` in render() and hold a LocaleController, which re-renders them when
 * lit-localize reports the new language ready.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { configureLocalization, LOCALE_STATUS_EVENT, msg as litMsg, type LocaleStatusEventDetail, type MsgFn } from '@lit/localize';
import { LOCALES, messages, type LocaleCode, type Messages } from './messages.ts';
import { pluralIn } from './plural.ts';
import { templates as ruTemplates } from './generated/ru.ts';
import { storePreference } from '../preference.ts';

export { LOCALES, type LocaleCode } from './messages.ts';

/** The testers' pseudo-locale: English made longer, accented and right to left (docs/translating.md). */
export const PSEUDO_LOCALE = 'ar-XB';
/** A language the UI can show: a reader's choice, or the pseudo-locale. */
export type UiLocale = LocaleCode | typeof PSEUDO_LOCALE;
/** What the reader chose: a language, or "follow the browser". */
export type LocalePreference = 'auto' | UiLocale;

const STORAGE_KEY = 'pigeonpost.locale';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['ru', PSEUDO_LOCALE],
  loadLocale: (l) => (l === 'ru' ? Promise.resolve({ templates: ruTemplates }) : import('./generated/ar-XB.ts')),
});

/** The best supported language for a browser language list (`navigator.languages`). */
export function resolveLocale(pref: LocalePreference, languages: readonly string[]): UiLocale {
  if (pref !== 'auto') return pref;
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    const hit = LOCALES.find((l) => l === primary);
    if (hit) return hit;
  }
  return 'en';
}

function readPreference(): LocalePreference {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'ru' || v === PSEUDO_LOCALE ? v : 'auto';
  } catch {
    return 'auto'; // storage disabled: follow the browser
  }
}

function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The current UI language (lit-localize's active locale). */
export function locale(): UiLocale {
  return getLocale() as UiLocale;
}

/** The writing direction of the UI language, for UI text inside an article's own lang and dir. */
export function localeDir(): 'ltr' | 'rtl' {
  return locale() === PSEUDO_LOCALE ? 'rtl' : 'ltr';
}

/** The language of files the app writes for others (share files): the pseudo-locale writes English. */
export function documentLocale(): LocaleCode {
  const l = locale();
  return l === PSEUDO_LOCALE ? 'en' : l;
}

// lit's `msg` is a live binding that configureLocalization replaced: read it at each call.
const appMsg = ((template: Parameters<MsgFn>[0], options?: Parameters<MsgFn>[1]) => litMsg(template, options)) as MsgFn;
const catalogue = messages(appMsg, pluralIn(locale));

/** The catalogue, in the current UI language. */
export function msg(): Messages {
  return catalogue;
}

let preference: LocalePreference = 'auto';

/** The reader's stored choice. */
export function localePreference(): LocalePreference {
  return preference;
}

/** Switch to `l`, then set <html lang> and dir (articles carry their own lang and dir). */
async function switchTo(l: UiLocale): Promise<void> {
  await setLocale(l);
  document.documentElement.lang = l;
  document.documentElement.dir = localeDir();
}

/** Store the reader's choice and switch; every LocaleController re-renders its host. */
export async function setLocalePreference(p: LocalePreference): Promise<void> {
  preference = p;
  storePreference(STORAGE_KEY, p, 'auto');
  await switchTo(resolveLocale(p, browserLanguages()));
}

/** Re-renders its host when lit-localize reports a new language ready. */
export class LocaleController implements ReactiveController {
  private readonly _onChange = (event: Event): void => {
    if ((event as CustomEvent<LocaleStatusEventDetail>).detail.status === 'ready') this._host.requestUpdate();
  };
  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }
  hostConnected(): void {
    window.addEventListener(LOCALE_STATUS_EVENT, this._onChange);
  }
  hostDisconnected(): void {
    window.removeEventListener(LOCALE_STATUS_EVENT, this._onChange);
  }
}

/**
 * Resolves once the stored or browser language is active. The shell (pp-app) waits for it before
 * its first render, and every other component renders inside it, so the first render is in the
 * reader's language: no English flash, no layout shift. (A top-level await here made the bundler
 * split the startup code into six more files.) A language that cannot load (a lazy chunk missing
 * offline) falls back to English rather than keeping the app from starting.
 */
export const localeReady: Promise<void> =
  typeof document === 'undefined'
    ? Promise.resolve()
    : (() => {
        preference = readPreference();
        return switchTo(resolveLocale(preference, browserLanguages()))
          .catch(() => switchTo('en'))
          .catch(() => undefined);
      })();
