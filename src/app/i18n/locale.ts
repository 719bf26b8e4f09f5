/**
 * The UI language: English or Russian, chosen from `navigator.languages` unless the reader picked
 * one in Settings. A small typed message map rather than @lit/localize: two locales of about a
 * hundred strings need no extraction tooling, no per-locale chunks to precache (pwa-platform.md
 * B.7), and no extra dependency; `Messages` makes every catalogue complete at compile time.
 *
 * Components call `msg()` in render() and hold a LocaleController, which re-renders them when
 * the language changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Messages } from './messages-en.ts';
import { ru } from './messages-ru.ts';
import { storePreference } from '../preference.ts';

/** Supported UI languages. */
export const LOCALES = ['en', 'ru'] as const;
export type LocaleCode = (typeof LOCALES)[number];
/** What the reader chose: a language, or "follow the browser". */
export type LocalePreference = 'auto' | LocaleCode;

const CATALOGS: Record<LocaleCode, Messages> = { en, ru };
const STORAGE_KEY = 'pigeonpost.locale';
const EVENT = 'pp-locale-changed';

/** The best supported language for a browser language list (`navigator.languages`). */
export function resolveLocale(pref: LocalePreference, languages: readonly string[]): LocaleCode {
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
    return v === 'en' || v === 'ru' ? v : 'auto';
  } catch {
    return 'auto'; // storage disabled: follow the browser
  }
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

let preference: LocalePreference = readPreference();
let current: LocaleCode = resolveLocale(preference, browserLanguages());

/** The current UI language. */
export function locale(): LocaleCode {
  return current;
}

/** The current catalogue. */
export function msg(): Messages {
  return CATALOGS[current];
}

/** The reader's stored choice. */
export function localePreference(): LocalePreference {
  return preference;
}

/** Store the reader's choice and re-render every component that holds a LocaleController. */
export function setLocalePreference(p: LocalePreference): void {
  preference = p;
  storePreference(STORAGE_KEY, p, 'auto');
  current = resolveLocale(p, browserLanguages());
  applyDocumentLocale();
  window.dispatchEvent(new Event(EVENT));
}

/** The <html lang> follows the UI language (articles carry their own lang and dir). */
export function applyDocumentLocale(): void {
  document.documentElement.lang = current;
  document.documentElement.dir = 'ltr';
}

/** Re-renders its host when the UI language changes. */
export class LocaleController implements ReactiveController {
  private readonly _onChange = (): void => this._host.requestUpdate();
  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }
  hostConnected(): void {
    window.addEventListener(EVENT, this._onChange);
  }
  hostDisconnected(): void {
    window.removeEventListener(EVENT, this._onChange);
  }
}
