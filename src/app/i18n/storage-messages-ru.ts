/** Russian strings of storage the reader controls (see storage-messages-en.ts). */
import { plural } from './plural.ts';
import type { StorageMessages } from './storage-messages-en.ts';

const articles = (n: number) => plural('ru', n, { one: `${n} статья`, few: `${n} статьи`, many: `${n} статей`, other: `${n} статьи` });
const images = (n: number) => plural('ru', n, { one: `${n} изображение`, few: `${n} изображения`, many: `${n} изображений`, other: `${n} изображения` });

export const storageRu: StorageMessages = {
  errSTORAGE_FULL: 'память устройства заполнена, поэтому новое не сохранено, а всё сохранённое раньше цело. Освободите место или храните меньше статей (Настройки), затем повторите',
  reasonStorageFull: 'память устройства заполнена: сохранённое не изменилось. Освободите место или храните меньше статей (Настройки, Память), затем обновите снова',

  storageCounts: (n, saved, imgs) => `Хранится: ${articles(n)}, из них сохранено вами — ${saved}; ${images(imgs)}.`,
  storageCountsFailed: 'Не удалось узнать, сколько статей хранится.',
  storageRefresh: 'Проверить память ещё раз',

  retentionHeading: 'Какие статьи хранить',
  retentionIntro: 'Чтобы экономить место, после каждого обновления старые статьи удаляются с устройства. Сохранённые вами статьи и статьи, полученные от других читателей, хранятся всегда.',
  retentionAll: 'Хранить всё',
  retentionDays: 'Хранить статьи за последние дни',
  retentionDaysCount: 'Число дней',
  retentionSize: 'Хранить не больше',
  retentionSizeCount: 'Мегабайт',
  retentionApply: 'Применить настройку памяти',
  retentionApplying: 'Применяется…',
  retentionApplied: (dropped) => (dropped === 0 ? 'Настройка сохранена. Удалять ничего не пришлось.' : `Настройка сохранена. С устройства удалено: ${articles(dropped)}.`),
  retentionInvalid: (min, max) => `Введите целое число от ${min} до ${max}.`,
  retentionFailed: (why) => `Не удалось применить настройку: ${why}.`,

  saveToggle: 'Сохранить статью',
  savedNote: 'Сохранена: хранится на устройстве при любой настройке памяти.',
  saveFailed: (why) => `Не удалось сохранить статью: ${why}.`,
  savedMark: 'Сохранена',
  listFilterLabel: 'Показать',
  listFilterAll: 'Все статьи',
  listFilterSaved: 'Сохранённые статьи',
  listSavedEmpty: 'Вы ещё не сохранили ни одной статьи. Чтобы сохранить статью, нажмите «Сохранить статью» под ней.',
};
