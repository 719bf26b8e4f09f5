/** Russian strings of the news layout, spread into the Russian catalogue (messages-ru.ts). */
import type { designEn } from './design-messages-en.ts';

export const designRu: typeof designEn = {
  navMore: 'Ещё',

  sectionsLabel: 'Рубрики',
  sectionAll: 'Все рубрики',
  leadStoryLabel: 'Главное',
  moreStoriesLabel: 'Другие материалы',
  sectionEmpty: 'В этой рубрике нет сохранённых статей.',

  textSizeHeading: 'Размер текста',
  textSizeLegend: 'Размер текста статей',
  textSizeSmall: 'Мелкий',
  textSizeNormal: 'Обычный',
  textSizeLarge: 'Крупный',
  textSizeLarger: 'Самый крупный',
  textSizeSample: 'Так будут выглядеть статьи.',
};
