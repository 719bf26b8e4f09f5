/**
 * The clutter heuristics remove furniture but leave article prose alone, including prose that
 * happens to use clutter words.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { removeClutter, clutterWords } from '../../src/cli/ingest/clean-page.ts';

function clean(bodyHtml: string, structural = true): string {
  const dom = new JSDOM(`<!doctype html><html><body>${bodyHtml}</body></html>`);
  removeClutter(dom.window.document.body, { structural });
  return dom.window.document.body.innerHTML;
}

const LONG = 'The council met on Tuesday evening to discuss the harbour budget, the repair of the sea wall and the new timetable for the ferry across the bay. ';

describe('removeClutter', () => {
  it('splits class names into words, camelCase included', () => {
    expect(clutterWords('shareBar_top js-cookieNotice')).toEqual(['share', 'bar', 'top', 'js', 'cookie', 'notice']);
  });

  it('never removes the article even when its wrapper has a clutter class', () => {
    const out = clean(`<div class="page has-share-tools"><article><h1>Title</h1><p>${LONG}</p><p>${LONG}</p></article></div>`);
    expect(out).toContain('<h1>Title</h1>');
    expect(out).toContain('The council met');
  });

  it('keeps a paragraph that merely mentions donating or subscribing', () => {
    const p1 = '<p>Volunteers asked residents to donate warm blankets to the shelter, and many did so within a day of the appeal being read out in church.</p>';
    const p2 = '<p>Fishermen who subscribe to the weather service received the storm warning six hours before it reached the coast.</p>';
    const out = clean(`<article><p>${LONG}</p>${p1}${p2}<p>${LONG}</p></article>`);
    expect(out).toContain('donate warm blankets');
    expect(out).toContain('subscribe to the weather service');
  });

  it('removes an unlabelled appeal box by its text and call-to-action link', () => {
    const out = clean(`<article><p>${LONG}</p><p>${LONG}</p><p>${LONG}</p><div><h3>Support our journalism</h3><p>We rely on readers like you.</p><a href="/give">Donate</a></div></article>`);
    expect(out).not.toContain('Support our journalism');
    expect(out).toContain('The council met');
  });

  it('removes a "Related" heading with the link list after it', () => {
    const out = clean(`<article><p>${LONG}</p><p>${LONG}</p><p>${LONG}</p><h2>Related</h2><ul><li><a href="/a">Other story</a></li><li><a href="/b">Another one</a></li></ul></article>`);
    expect(out).not.toContain('Other story');
    expect(out).not.toContain('Related');
  });

  it('removes a "Читайте также" paragraph but keeps prose containing the words later on', () => {
    const out = clean(`<article><p>${LONG}</p><p>Читайте также: <a href="/x">Новый мост</a></p><p>Он сказал, что читайте также газеты и журналы, это полезно для кругозора каждого горожанина и его семьи.</p></article>`);
    expect(out).not.toContain('Новый мост');
    expect(out).toContain('газеты и журналы');
  });

  it('removes hidden elements and aria-hidden decorations, but not aria-hidden images', () => {
    const out = clean(`<article><p hidden>secret</p><span aria-hidden="true">★</span><figure aria-hidden="true"><img src="a.jpg" alt="A"></figure><div style="display: none">gone</div><p>${LONG}</p></article>`);
    expect(out).not.toContain('secret');
    expect(out).not.toContain('★');
    expect(out).not.toContain('gone');
    expect(out).toContain('a.jpg');
  });

  it('keeps the article header (headline) but removes the site header', () => {
    const out = clean(`<header><a href="/">Logo</a></header><article><header><h1>Headline</h1></header><p>${LONG}</p></article>`);
    expect(out).not.toContain('Logo');
    expect(out).toContain('Headline');
  });

  it('in text-only mode (structural: false) leaves nav-like tags to the sanitizer', () => {
    const out = clean(`<div><p>${LONG}</p><nav>menu here</nav></div>`, false);
    expect(out).toContain('menu here');
  });

  it('removes a reader comment section inside the article, keeping story sentences about comments', () => {
    const story = '<p>The council asked residents for comments on the plan, and the port authority declined to comment on the price.</p>';
    const en = clean(`<article><p>${LONG}</p>${story}<p>${LONG}</p><section id="comments" class="section"><h3>3 comments on this post</h3><ol class="comment-list"><li><p>I crewed on her in the eighties when the engine had to be started by hand on cold mornings.</p><a href="?replytocom=1#respond">Reply</a></li></ol></section></article>`);
    expect(en).not.toContain('crewed on her');
    expect(en).toContain('asked residents for comments');
    const ruStory = '<p>В районной администрации от комментариев отказались и посоветовали обратиться в министерство.</p>';
    const ru = clean(`<article><p>${LONG}</p>${ruStory}<p>${LONG}</p><div class="article-comments"><h3>Комментарии (2)</h3><div><p>У нас в соседнем селе то же самое было два года назад, и ничего не сделали.</p><a href="#reply-1">Ответить</a></div></div></article>`);
    expect(ru).not.toContain('соседнем селе');
    expect(ru).toContain('от комментариев отказались');
  });
});
