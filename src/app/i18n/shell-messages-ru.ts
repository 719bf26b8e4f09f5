/** Russian strings of the app shell, spread into the Russian catalogue (messages-ru.ts). */
import type { shellEn } from './shell-messages-en.ts';

export const shellRu: typeof shellEn = {
  viewLoadFailedHeading: 'Эту страницу не удалось открыть',
  viewLoadFailed: (reason: string) => `Её часть приложения не загрузилась (${reason}). Обычно помогает перезагрузка приложения; сохранённые статьи при этом не пострадают.`,
  viewLoadRetry: 'Перезагрузить приложение',
};
