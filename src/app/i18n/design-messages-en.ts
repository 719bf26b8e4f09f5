/**
 * English strings of the news layout (navigation menu, section filters, lead story, reading
 * progress, text size), spread into the English catalogue (messages-en.ts).
 * design-messages-ru.ts implements the same keys (a missing one is a compile error).
 */
export const designEn = {
  // Navigation: the destinations that do not fit a phone's bar sit behind this disclosure button.
  navMore: 'More',

  // The article list
  sectionsLabel: 'Sections',
  sectionAll: 'All sections',
  leadStoryLabel: 'Top story',
  moreStoriesLabel: 'More stories',
  sectionEmpty: 'No stored article in this section.',

  // Text size (Settings) and reading progress (article view)
  textSizeHeading: 'Text size',
  textSizeLegend: 'Size of article text',
  textSizeSmall: 'Small',
  textSizeNormal: 'Standard',
  textSizeLarge: 'Large',
  textSizeLarger: 'Largest',
  textSizeSample: 'Articles are shown at this size.',
};
