/**
 * The reader's text size for articles: one of a few steps, kept in localStorage (a display
 * preference of this device, like the UI language; ERASE_ALL clears it with the rest) and applied
 * to article bodies as a scale factor. Components that show article text hold a
 * TextSizeController, which re-renders them when the reader changes the size in Settings.
 */
import { storePreference } from './preference.ts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The steps, smallest first. */
export const TEXT_SIZES = ['small', 'normal', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** Scale of each step, against the article's standard body size. */
export const TEXT_SCALE: Readonly<Record<TextSize, number>> = Object.freeze({ small: 0.9, normal: 1, large: 1.2, larger: 1.4 });

const STORAGE_KEY = 'pigeonpost.textSize';
const EVENT = 'pp-text-size-changed';

/** Parse a stored value (anything unknown is the standard size). */
export function parseTextSize(v: string | null | undefined): TextSize {
  return (TEXT_SIZES as readonly string[]).includes(v ?? '') ? (v as TextSize) : 'normal';
}

function read(): TextSize {
  try {
    return parseTextSize(localStorage.getItem(STORAGE_KEY));
  } catch {
    return 'normal'; // storage disabled
  }
}

let current: TextSize | undefined;

/** The reader's text size. */
export function textSize(): TextSize {
  current ??= read();
  return current;
}

/** Store the reader's choice and re-render every component that holds a TextSizeController. */
export function setTextSize(size: TextSize): void {
  current = size;
  storePreference(STORAGE_KEY, size, 'normal');
  window.dispatchEvent(new Event(EVENT));
}

/** Re-renders its host when the text size changes. */
export class TextSizeController implements ReactiveController {
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
