/** Russian strings of the keyboard and screen-reader pass, spread into the Russian catalogue (messages-ru.ts). */
import type { a11yEn } from './a11y-messages-en.ts';
import { plural } from './plural.ts';

const articles = (n: number) => plural('ru', n, { one: `${n} статью`, few: `${n} статьи`, many: `${n} статей`, other: `${n} статьи` });

export const a11yRu: typeof a11yEn = {
  nearbyStoredSent: (stored, sent) =>
    `Это устройство сохранило ${plural('ru', stored, { one: `${stored} новую или обновлённую статью`, few: `${stored} новые или обновлённые статьи`, many: `${stored} новых или обновлённых статей`, other: `${stored} новой или обновлённой статьи` })} и отправило ${articles(sent)}.`,
  nearbyPeerCancelled: 'Другое устройство отменило обмен. Уже полученные и проверенные статьи остаются сохранёнными.',
  copySelected: 'Браузер не разрешил копирование: текст выделен, нажмите Ctrl+C (или ⌘+C), чтобы скопировать его.',
};
