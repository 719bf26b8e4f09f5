/**
 * Strings of the news layout (navigation menu, section filters, lead story, reading progress,
 * text size). English source text, one lit `msg` id per
 * entry (see messages.ts and docs/translating.md).
 */
import { type MsgFn } from '@lit/localize';

export function designMessages(msg: MsgFn) {
  return {
    // Navigation: the destinations that do not fit a phone's bar sit behind this disclosure button.
    get navMore() { return msg('More', { id: 'navMore' }); },

    // The article list
    get sectionsLabel() { return msg('Sections', { id: 'sectionsLabel' }); },
    get sectionAll() { return msg('All sections', { id: 'sectionAll' }); },
    get leadStoryLabel() { return msg('Top story', { id: 'leadStoryLabel' }); },
    get moreStoriesLabel() { return msg('More stories', { id: 'moreStoriesLabel' }); },
    get sectionEmpty() { return msg('No stored article in this section.', { id: 'sectionEmpty' }); },

    // Text size (Settings) and reading progress (article view)
    get textSizeHeading() { return msg('Text size', { id: 'textSizeHeading' }); },
    get textSizeLegend() { return msg('Size of article text', { id: 'textSizeLegend' }); },
    get textSizeSmall() { return msg('Small', { id: 'textSizeSmall' }); },
    get textSizeNormal() { return msg('Standard', { id: 'textSizeNormal' }); },
    get textSizeLarge() { return msg('Large', { id: 'textSizeLarge' }); },
    get textSizeLarger() { return msg('Largest', { id: 'textSizeLarger' }); },
    get textSizeSample() { return msg('Articles are shown at this size.', { id: 'textSizeSample' }); },
  };
}
