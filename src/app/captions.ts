/**
 * Visible captions for article pictures. The signed HTML carries a picture's caption as its
 * `title` (Markdown `![alt](src "caption")`, format.md §3.5), which browsers show only as a hover
 * tooltip: no phone, keyboard or screen-reader user ever sees it. After the sanitized body is
 * written, each such picture becomes a `<figure>` with a `<figcaption>`:
 * - an image alone in its paragraph: the paragraph is replaced by the figure;
 * - an image already in a `<figure>` without a caption: the caption is added to that figure;
 * - an image inside running text stays where it is (a figure cannot sit inside a paragraph).
 * Captions are created as text nodes only (nothing is parsed), and the `title` is removed so the
 * same words are not read twice.
 */

/** Whether `p` holds nothing but `img` (and white space). */
function onlyChild(p: Element, img: Element): boolean {
  for (const n of Array.from(p.childNodes)) {
    if (n === img) continue;
    if (n.nodeType === 3 /* text */ && (n.nodeValue ?? '').trim() === '') continue;
    return false;
  }
  return true;
}

/** Turn titled images under `root` into captioned figures (see the module comment). */
export function addCaptions(root: Element | ShadowRoot): void {
  const doc = 'ownerDocument' in root && root.ownerDocument ? root.ownerDocument : document;
  for (const img of Array.from(root.querySelectorAll('img[title]'))) {
    const caption = (img.getAttribute('title') ?? '').trim();
    if (caption === '') continue;
    const figcaption = doc.createElement('figcaption');
    figcaption.textContent = caption;
    const figure = img.parentElement?.closest('figure');
    if (figure) {
      if (figure.querySelector('figcaption')) continue;
      img.removeAttribute('title');
      figure.append(figcaption);
      continue;
    }
    const parent = img.parentElement;
    if (!parent || parent.localName !== 'p' || !onlyChild(parent, img)) continue;
    img.removeAttribute('title');
    const fig = doc.createElement('figure');
    parent.replaceWith(fig);
    fig.append(img, figcaption);
  }
}
