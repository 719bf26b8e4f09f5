/** Russian strings of the platform's surfaces, spread into the Russian catalogue (messages-ru.ts). */
import type { platformEn } from './platform-messages-en.ts';

export const platformRu: typeof platformEn = {
  screenshotList: 'Главная страница на телефоне: свежие материалы и разделы на выбор, всё читается без сети.',
  screenshotArticle: 'Материал на компьютере: читается с этого устройства, подписан издателем.',
  importFailed: (name: string, why: string) => `Не удалось импортировать ${name}: ${why}`,
};
