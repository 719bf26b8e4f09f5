/**
 * Strings of the platform's surfaces: the web app manifest's screenshot labels (the browser's
 * install dialog, written by the CLI in the site's language) and the result of a share file that
 * could not be imported. English source text, one lit `msg` id per entry (see messages.ts and
 * docs/translating.md).
 */
import { str, type MsgFn } from '@lit/localize';

export function platformMessages(msg: MsgFn) {
  return {
    get screenshotList() { return msg('The front page on a phone: the latest stories, with sections to choose from, readable offline.', { id: 'screenshotList' }); },
    get screenshotArticle() { return msg('A story on a desktop, read from this device, signed by its publisher.', { id: 'screenshotArticle' }); },
    importFailed: (name: string, why: string) => msg(str`Could not import ${name}: ${why}`, { id: 'importFailed' }),
  };
}
