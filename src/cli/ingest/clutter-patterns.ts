/**
 * Word lists for the clutter heuristics in clean-page.ts (English, Russian, Arabic, Hebrew).
 *
 * Kept apart from the algorithm so they can grow without touching it. Tokens match whole words
 * of class/id/aria-label values (split on punctuation and camelCase); phrases match lower-cased,
 * whitespace-collapsed text.
 */

/** Elements that never belong to an article body. */
export const CLUTTER_TAGS = [
  'nav', 'aside', 'footer', 'form', 'button', 'dialog', 'script', 'style', 'iframe', 'template',
  'svg', 'select', 'input', 'textarea', 'object', 'embed', 'link', 'meta',
];

/** ARIA roles of page furniture. */
export const CLUTTER_ROLES = [
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog',
  'menu', 'menubar', 'toolbar', 'tablist', 'alert',
];

/** class/id/aria-label words that mark clutter. */
export const CLUTTER_TOKENS = new Set([
  'share', 'sharing', 'sharebar', 'social', 'socials', 'cookie', 'cookies', 'consent', 'gdpr',
  'newsletter', 'newsletters', 'subscribe', 'subscription', 'subscriptions', 'paywall', 'donate',
  'donation', 'donations', 'donor', 'donors', 'membership', 'related', 'recommended',
  'recommendations', 'recirculation', 'promo', 'promotion', 'advert', 'advertisement', 'adv',
  'ads', 'ad', 'adslot', 'sponsor', 'sponsored', 'breadcrumb', 'breadcrumbs', 'pagination',
  'pager', 'sidebar', 'modal', 'popup', 'overlay', 'toolbar', 'menu', 'nav',
  'navbar', 'navigation', 'footer', 'masthead', 'comments', 'disqus', 'trending', 'popular',
  'outbrain', 'taboola', 'skiplink', 'tags', 'tagcloud', 'print', 'messenger', 'telegram',
  'signup', 'paygate', 'metering', 'meter',
]);

/** Consecutive class/id words that mark clutter (e.g. `most-read`, `read-also`). */
export const CLUTTER_TOKEN_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['most', 'read'], ['more', 'stories'], ['read', 'more'], ['read', 'also'], ['also', 'read'],
  ['see', 'also'], ['support', 'us'], ['sign', 'up'], ['pay', 'wall'], ['top', 'stories'], ['more', 'news'], ['skip', 'link'],
];

/**
 * Phrases that on their own identify a short block as clutter: cookie notices, appeals,
 * subscription prompts, "related"/"read also" lists, share bars.
 */
export const STRONG_PHRASES = [
  // English
  'support our journalism', 'support independent journalism', 'support us', 'please donate',
  'make a donation', 'become a member', 'become a supporter', 'we use cookies', 'uses cookies',
  'cookie policy', 'cookie settings', 'accept all cookies', 'sign up for our newsletter',
  'subscribe to our newsletter', 'subscribe to our', 'get our newsletter', 'related articles',
  'related stories', 'related coverage', 'related:', 'more stories', 'more from', 'most read',
  'most popular', 'read also', 'also read', 'read more:', 'recommended for you',
  'you may also like', 'you might also like', 'share this article', 'share this story',
  'share on facebook', 'follow us on', 'in your inbox', 'to your inbox',
  // paywall and metering notices
  'subscribe to continue reading', 'subscribe to read', 'for unlimited access', 'already a subscriber',
  'free articles this month', 'free articles left', 'this article is for subscribers',
  // Russian
  'поддержите', 'поддержать нас', 'пожертвовать', 'сделать пожертвование', 'задонатить',
  'мы используем cookie', 'мы используем файлы cookie', 'используем куки', 'файлы cookie',
  'подпишитесь', 'подписывайтесь', 'подписаться на рассылку', 'наша рассылка', 'читайте также',
  'читать также', 'читайте нас', 'по теме:', 'похожие материалы', 'другие материалы',
  'самое читаемое', 'самое популярное', 'поделиться', 'поделитесь', 'мы в соцсетях',
  'доступен только подписчикам', 'доступна только подписчикам', 'оформите подписку', 'бесплатных статей',
  'уже есть подписка',
  // Arabic
  'تبرع', 'ادعمنا', 'ادعم الصحافة', 'اشترك في النشرة', 'اشترك', 'ملفات تعريف الارتباط',
  'اقرأ أيضا', 'اقرأ أيضاً', 'مقالات ذات صلة', 'الأكثر قراءة', 'شارك المقال',
  // Hebrew
  'תרמו', 'תמכו בנו', 'הירשמו', 'הרשמה לניוזלטר', 'אנו משתמשים בעוגיות', 'עוגיות',
  'קראו עוד', 'כתבות נוספות', 'כתבות קשורות', 'הנקראים ביותר', 'שתפו',
];

/** Single words that mark clutter only together with a call-to-action link or button. */
export const WEAK_WORDS = [
  'donate', 'donation', 'subscribe', 'subscription', 'newsletter', 'cookie', 'related', 'share',
  'sponsored', 'поддерж', 'пожертв', 'подпис', 'рассылк', 'куки', 'реклам', 'поделит', 'донат',
  'تبرع', 'اشتراك', 'النشرة', 'שתף', 'מנוי',
];

/** Texts of call-to-action links/buttons. */
export const CTA_WORDS = [
  'donate', 'support', 'subscribe', 'sign up', 'accept', 'agree', 'got it', 'ok', 'join',
  'share', 'tweet', 'поддержать', 'пожертвовать', 'подписаться', 'подпишитесь', 'принять',
  'согласен', 'понятно', 'хорошо', 'поделиться', 'تبرع', 'اشترك', 'موافق', 'שתפו', 'תרמו',
  'הירשמו', 'אישור',
];

/** Heading texts that introduce a list of other articles. */
export const RELATED_HEADINGS = [
  'related', 'related articles', 'related stories', 'more stories', 'more on this story',
  'read also', 'read more', 'also read', 'most read', 'most popular', 'recommended',
  'you may also like', 'читайте также', 'по теме', 'похожие материалы', 'другие материалы',
  'самое читаемое', 'популярное', 'ещё по теме', 'еще по теме', 'اقرأ أيضا', 'اقرأ أيضاً',
  'مقالات ذات صلة', 'الأكثر قراءة', 'כתבות נוספות', 'כתבות קשורות', 'הנקראים ביותר',
];

/** Whole-block labels of ad slots ("Advertisement" alone in a box). */
export const AD_LABELS = ['advertisement', 'ad', 'sponsored', 'реклама', 'спонсорский материал', 'إعلان', 'פרסומת'];

/** Copyright lines of a page footer (a short paragraph containing one is furniture). */
export const COPYRIGHT_PHRASES = [
  'all rights reserved', 'все права защищены', 'copyright ©', '© copyright', 'جميع الحقوق محفوظة', 'כל הזכויות שמורות',
];

/**
 * Openings of a donation appeal ("Dear readers, ..."), looked for at the start of a block.
 * Alone they remove nothing: the block must also use {@link APPEAL_TERMS}.
 */
export const APPEAL_OPENERS = [
  'dear readers', 'dear reader', 'dear friends', 'a note to our readers', 'a message to our readers',
  'to our readers', 'дорогие читатели', 'уважаемые читатели', 'дорогие друзья', 'дорогой читатель',
  'أعزاءنا القراء', 'عزيزي القارئ', 'קוראים יקרים',
];

/**
 * Vocabulary of donation appeals, matched as word starts ("donat" → donate, donation) and counted
 * once each. Plain story words ("support", "readers", "подписка") are deliberately not here.
 */
export const APPEAL_TERMS = [
  'donat', 'contribution', 'contribute', 'support us', 'support our journalism', 'support our work',
  'support our reporting', 'support independent', 'one-off', 'one-time', 'monthly', 'recurring',
  'remind me later', 'maybe later', 'not now', 'paypal', 'patreon', 'pay by card', 'by card', 'crypto',
  'other amount', 'пожертв', 'поддержите', 'поддержать', 'ежемесячн', 'разов', 'напомнить позже',
  'не сейчас', 'банковской картой', 'картой', 'криптовалют', 'донат', 'другая сумма', 'помочь нам',
  'تبرع', 'ادعم', 'שהתרומה', 'תרמו', 'תרומה',
];

/** A sum of money on a payment button: "€10", "$ 5", "500 ₽", "1000 руб". */
export const MONEY_AMOUNT = /(?:[$€£₽₴]\s?\d+|\d+\s?(?:₽|руб|€|\$|£|usd|eur|грн))/iu;
