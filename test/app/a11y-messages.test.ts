/**
 * The words added by the keyboard and screen-reader pass (src/app/i18n/a11y-messages-*.ts):
 * plural forms in both languages and their place in the catalogues.
 */
import { describe, expect, it } from 'vitest';
import { a11yEn } from '../../src/app/i18n/a11y-messages-en.ts';
import { a11yRu } from '../../src/app/i18n/a11y-messages-ru.ts';
import { en } from '../../src/app/i18n/messages-en.ts';
import { ru } from '../../src/app/i18n/messages-ru.ts';

describe('a11y messages', () => {
  it('say what a nearby session stored and sent with the right plural forms', () => {
    expect([0, 1, 2].map((n) => en.nearbyStoredSent(n, n))).toEqual([
      'This device stored 0 new or updated articles, and sent 0 articles.',
      'This device stored 1 new or updated article, and sent 1 article.',
      'This device stored 2 new or updated articles, and sent 2 articles.',
    ]);
    expect([1, 3, 5, 21].map((n) => ru.nearbyStoredSent(n, n))).toEqual([
      'Это устройство сохранило 1 новую или обновлённую статью и отправило 1 статью.',
      'Это устройство сохранило 3 новые или обновлённые статьи и отправило 3 статьи.',
      'Это устройство сохранило 5 новых или обновлённых статей и отправило 5 статей.',
      'Это устройство сохранило 21 новую или обновлённую статью и отправило 21 статью.',
    ]);
  });

  it('are in both catalogues', () => {
    for (const k of Object.keys(a11yEn) as (keyof typeof a11yEn)[]) {
      expect(en[k], k).toBe(a11yEn[k]);
      expect(ru[k], k).toBe(a11yRu[k]);
    }
  });
});
