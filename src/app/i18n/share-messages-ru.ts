/** Russian strings of sharing and receiving stories (see share-messages-en.ts). */
import { plural } from './plural.ts';
import type { ShareMessages } from './share-messages-en.ts';

const stories = (n: number) => plural('ru', n, { one: `${n} статья`, few: `${n} статьи`, many: `${n} статей`, other: `${n} статьи` });
const storiesAcc = (n: number) => plural('ru', n, { one: `${n} статьёй`, few: `${n} статьями`, many: `${n} статьями`, other: `${n} статьями` });

export const shareRu: ShareMessages = {
  navShare: 'Поделиться',
  sharePageHeading: 'Обмен статьями',
  sharePickHeading: 'Поделиться статьями из библиотеки',
  sharePickIntro: 'Выберите статьи или целый раздел, чтобы сложить их в один файл. Файл открывается в любом браузере без интернета; в этом приложении он проверяется по подписям издателя.',
  sharePickEmpty: 'На этом устройстве пока нет статей.',
  shareSectionHeading: (section, n) => `${section} (${stories(n)})`,
  shareArticle: 'Поделиться статьёй',
  shareSection: (section) => `Поделиться всеми статьями раздела «${section}»`,
  shareSelected: (n) => `Поделиться ${storiesAcc(n)}`,
  selectToShare: 'Выбрать статьи, чтобы поделиться',
  selectDone: 'Отменить выбор',
  selectStory: (title) => `Выбрать «${title}»`,
  sharePreparing: 'Готовится файл…',
  shareDownloaded: (name) => `Файл ${name} сохранён. Отправьте его через любой мессенджер, почту или флешку; он открывается в любом браузере.`,
  shareSent: 'Отправлено. Файл открывается в любом браузере; приложение Pigeonpost при импорте проверяет его подписи.',
  shareFailed: (why) => `Не удалось создать файл: ${why}`,
  shareTooLarge: 'Эти статьи не помещаются в один файл (больше 50 МБ). Поделитесь меньшим числом статей за раз.',

  importHeading: 'Импорт статей',
  importIntro: 'Добавьте статьи, которые вам прислали: файл Pigeonpost (.html), файл зеркала (.zip) или папку зеркала. Прежде чем что-либо сохранить, приложение проверяет всё по ключам своего издателя.',
  importPick: 'Выбрать файлы…',
  importDrop: 'Или перетащите файлы сюда, или вставьте файл сочетанием Ctrl+V.',
  importDropZone: 'Область для перетаскивания файлов',
  importWorking: (name) => `Проверяется ${name}…`,
  importResultHeading: (name) => `Результат для ${name}`,
  importNothing: 'Файл не передан.',
  verdictAdded: (title, publisher) => `Добавлена статья «${title}», подписанная издателем ${publisher}.`,
  verdictAddedArchive: (title, publisher) =>
    `Статья «${title}» добавлена как архивная копия: она подписана издателем ${publisher}, но ключами, срок действия которых истёк. Она помечена как архивная, и любое обновление с зеркала её заменит.`,
  verdictSame: (title) => `«${title}»: уже есть в вашей библиотеке.`,
  verdictReplaced: (title, rev, old) => `«${title}»: более новая редакция (${rev}) заменила вашу (${old}).`,
  verdictOlder: (title, rev, stored) => `«${title}»: пропущена, это более старая редакция (${rev}), чем ваша (${stored}).`,
  verdictExpiredIgnored: (title) => `«${title}»: пропущена, эта более новая копия подписана ключами с истёкшим сроком; ваша копия сохранена.`,
  verdictRejected: (title, why) => `Статья «${title}» отклонена: ${why}`,
  verdictRejectedUntitled: (n, why) => `Статья ${n} отклонена: ${why}`,
  fileRejected: (why) => `Ничего не добавлено: ${why}`,
  reasonTampered: 'содержимое изменено после подписи (или повреждено), поэтому ему нельзя доверять.',
  reasonForeign: (publisher, fingerprint) =>
    `это материал другого издателя («${publisher}», отпечаток ключа ${fingerprint}). Это приложение принимает только статьи, подписанные его собственным издателем.`,
  reasonForeignUnknown: 'это материал другого издателя. Это приложение принимает только статьи, подписанные его собственным издателем.',
  reasonRevoked: 'подпись сделана ключом, который издатель с тех пор отозвал.',
  reasonNotPigeonpost: 'это не файл Pigeonpost.',
  reasonTooLarge: 'файл слишком велик для файла со статьями.',
  reasonTruncated: 'файл неполный (оборвался при передаче). Попросите прислать его снова.',
  archiveLabel: 'Архивная копия',
  archiveExplain: 'Эта статья получена от другого читателя и подписана ключами, срок действия которых истёк. Она хранится как архивная копия.',
  importedLabel: 'Получено от другого читателя',

  errTRUNCATED: 'файл неполный (оборвался при передаче)',

  mirrorFilePick: 'Открыть файл зеркала (.zip)…',
  mirrorFolderPick: 'Открыть папку зеркала…',
  mirrorFileSyncing: (name) => `Синхронизация из ${name}…`,
  mirrorFileDone: (name, added) => `Синхронизировано из ${name}: добавлено или обновлено — ${stories(added)}.`,
  mirrorFileUnchanged: (name) => `Синхронизировано из ${name}: нового нет.`,
  mirrorFileFailed: (name, why) => `Не удалось синхронизироваться из ${name}: ${why}`,

  fileSignedBy: (publisher) => `Подписанные статьи издателя ${publisher}`,
  fileFingerprint: 'отпечаток ключа издателя',
  fileSection: 'Раздел',
  filePublished: 'Опубликовано',
  fileUpdated: 'Обновлено',
  fileBy: 'автор:',
  fileRevision: 'редакция',
  fileContents: 'Статьи в этом файле',
  fileAboutCopy: (publisher) =>
    `Эта страница — копия для чтения, сделанная читателем издания ${publisher}. Любую страницу можно подделать, поэтому не доверяйте ей самой по себе: откройте этот файл в приложении ${publisher} («Импорт статей»), и приложение проверит каждую статью по подписям издателя, прежде чем сохранить.`,
  fileMirrorsHeading: 'Где найти издателя (подписанный список зеркал)',
  fileNoMirrors: 'В этой копии нет списка зеркал.',
  fileGetApp: (publisher) =>
    `Чтобы установить приложение ${publisher}, откройте один из этих адресов в браузере и установите его («Установить приложение» или «На главный экран»). Передавайте этот файл дальше: он читается без интернета в любом браузере.`,
};
