/**
 * The words added by the keyboard and screen-reader pass (src/app/i18n/a11y-messages.ts): plural
 * forms in both languages, through the catalogue as the app and the CLI read it.
 */
import { describe, expect, it } from 'vitest';
import { messagesIn } from '../../src/app/i18n/messages.ts';

describe('a11y messages', () => {
  it('say what a nearby session stored and sent with the right plural forms', () => {
    const en = messagesIn('en');
    const ru = messagesIn('ru');
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
    expect(ru.nearbyPeerCancelled).toMatch(/^Другое устройство отменило обмен/);
    expect(ru.importFailed('a.html', 'причина')).toBe('Не удалось импортировать a.html: причина');
  });
});
