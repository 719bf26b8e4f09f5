/**
 * The Markdown article files of the publish benchmark (bench-publish.ts, bench/profile-publish.ts):
 * headings, lists, emphasis and links in English and Russian from the word lists below, written
 * for this project; deterministic for a given random generator.
 */

const EN = (
  'the city council river market school report night morning winter summer bridge street station hospital library ' +
  'workers families children teachers doctors drivers farmers volunteers residents officials journalists neighbours ' +
  'said announced reported promised refused agreed planned opened closed built repaired counted collected waited ' +
  'new old small large local public early late quiet busy cold warm long short first last next second third ' +
  'water bread money road light power price rent wage shift queue crowd meeting budget vote letter petition ' +
  'because although while after before since until when where which whose during across along between around'
).split(' ');
const RU = (
  'город совет река рынок школа доклад ночь утро зима лето мост улица вокзал больница библиотека ' +
  'рабочие семьи дети учителя врачи водители фермеры волонтёры жители чиновники журналисты соседи ' +
  'сказал объявил сообщил обещал отказался согласился планировал открыл закрыл построил отремонтировал ' +
  'новый старый малый большой местный общий ранний поздний тихий шумный холодный тёплый долгий короткий ' +
  'вода хлеб деньги дорога свет цена аренда зарплата смена очередь толпа собрание бюджет голос письмо ' +
  'потому хотя пока после перед когда где который чей через вдоль между около'
).split(' ');
const SECTIONS = ['Politics', 'Economy', 'Culture', 'Local', 'World', 'Science', 'Sport', 'Opinion'];


function sentence(words: readonly string[], r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const w = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]!);
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
  if (n > 10 && r() < 0.3) w[5] = `*${w[5]}*`;
  if (n > 12 && r() < 0.15) w[9] = `[${w[9]}](https://outlet.example/${Math.floor(r() * 1e6)})`;
  return `${w.join(' ')}.`;
}

/** One article file (`articles/<id>.md`) of about `targetBytes` of rendered HTML. */
export function articleFile(i: number, r: () => number, targetBytes: number): string {
  const ru = i % 2 === 1;
  const words = ru ? RU : EN;
  const day = 1 + (i % 28);
  const hour = 6 + (i % 14);
  const title = sentence(words, r).replace(/[*[\]()]/g, '').replace(/https?:\S+/g, '').slice(0, 90).replace(/\.$/, '');
  const body: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    let p: string;
    if (body.length % 7 === 3) p = `## ${sentence(words, r).replace(/\.$/, '')}`;
    else if (body.length % 11 === 5) p = Array.from({ length: 4 }, () => `- ${sentence(words, r)}`).join('\n');
    else p = Array.from({ length: 4 + Math.floor(r() * 3) }, () => sentence(words, r)).join(' ');
    body.push(p);
    size += Buffer.byteLength(p) + 12;
  }
  return [
    '---',
    `title: "${title}"`,
    `date: 2030-02-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00${ru ? '+03:00' : '+01:00'}`,
    `lang: ${ru ? 'ru' : 'en'}`,
    `section: ${SECTIONS[i % SECTIONS.length]}`,
    'sample: true',
    '---',
    '',
    body.join('\n\n'),
    '',
  ].join('\n');
}
