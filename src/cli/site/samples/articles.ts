/**
 * Sample articles written for Pigeonpost's demo (English and Russian), about invented places.
 * Every one is marked `sample: true` and carries a generated illustration.
 */
import type { PictureKind } from './pictures.ts';

/** A sample article: its file name, picture and Markdown text (front matter + body). */
export interface SampleArticle {
  readonly id: string;
  readonly picture: PictureKind;
  readonly text: string;
}

/** The samples `pigeonpost init` writes. */
export const SAMPLE_ARTICLES: readonly SampleArticle[] = [
  {
    id: 'lindenford-river-cleanup',
    picture: 'river',
    text: `---
title: Volunteers pull two tonnes of rubbish from the Linden river
date: 2026-11-20T18:30:00+01:00
lang: en
section: Local
author: Pigeonpost sample desk
summary: A weekend clean-up on an invented river shows how a demo article looks in the reader.
image:
  src: media/samples/river.png
  alt: A drawn river winding between green hills under a yellow sun
sample: true
---

*This is a sample article written for the Pigeonpost demo. The town, the river and the people are invented.*

About eighty volunteers spent Saturday morning on the banks of the Linden, the small river that
runs through the fictional town of Lindenford. By noon they had filled more than two hundred bags.

## What they found

- shopping trolleys, three of them still with their coins;
- a surprising number of single shoes;
- an old street sign that the town museum has asked to keep.

> "Every spring the water brings it back," said one of the organisers. "So we come back too."

![The river after the clean-up](media/samples/river.png "The Linden, drawn by the sample generator")

The next clean-up is planned for March. Readers who sync this site through any mirror will see
this article exactly as it was signed by the publisher.
`,
  },
  {
    id: 'lindenford-night-bus',
    picture: 'bus',
    text: `---
title: A night bus returns to Lindenford after six years
date: 2026-11-21T09:15:00+01:00
lang: en
section: Transport
author: Pigeonpost sample desk
image:
  src: media/samples/bus.png
  alt: A yellow bus with lit windows on a dark street
sample: true
---

*Sample article for the Pigeonpost demo; the town and its bus routes are invented.*

From Monday, line N4 will again run every forty minutes between the railway station and the
hospital from midnight until five in the morning. Shift workers collected more than
**1,900 signatures** for its return.

| Stop | First departure | Last departure |
|---|---|---|
| Station | 00:10 | 04:50 |
| Market Square | 00:16 | 04:56 |
| Hospital | 00:25 | 05:05 |

The operator says the route will be reviewed after one year. Timetables are available at
[the town transport office](https://transport.example/lindenford/n4).
`,
  },
  {
    id: 'lindenford-library-hours',
    picture: 'library',
    text: `---
title: The town library will stay open on Sundays this winter
date: 2026-11-22T12:00:00+01:00
updated: 2026-11-22T16:40:00+01:00
lang: en
section: Culture
summary: Longer opening hours from December to February, paid for by a local reading club.
image:
  src: media/samples/library.png
  alt: Shelves of colourful books
sample: true
---

*Sample article for the Pigeonpost demo, about an invented library.*

Lindenford's public library will open from 11:00 to 17:00 on Sundays between December and
February. The extra hours are funded by the reading club that meets in its basement, which sold
second-hand books all autumn to raise the money.

Update: the library has added a Sunday storytelling hour for children at 14:00.
`,
  },
  {
    id: 'zarechye-rynok',
    picture: 'market',
    text: `---
title: В Заречье открылся зимний рынок фермеров
date: 2026-11-20T10:00:00+03:00
lang: ru
section: Город
author: Пример для демонстрации
summary: Учебная статья о выдуманном городе — так новость выглядит в читалке Pigeonpost.
image:
  src: media/samples/market.png
  alt: Рыночный прилавок с полосатым навесом и фруктами
sample: true
---

*Это пример, написанный для демонстрации Pigeonpost. Город Заречье и его жители выдуманы.*

В субботу на набережной Заречья открылся зимний рынок. Сорок фермеров из окрестных сёл привезли
мёд, сыр, яблоки и тёплые вязаные вещи.

## Что продают

- яблоки поздних сортов;
- козий сыр и творог;
- варенье из облепихи.

> «Зимой покупателей меньше, зато все свои», — говорит продавщица мёда.

Рынок будет работать по субботам и воскресеньям до конца февраля.
`,
  },
  {
    id: 'zarechye-most',
    picture: 'bridge',
    text: `---
title: Пешеходный мост через Сорочку отремонтируют к весне
date: 2026-11-21T14:30:00+03:00
lang: ru
section: Город
image:
  src: media/samples/bridge.png
  alt: Старый мост на опорах над рекой на закате
sample: true
---

*Пример статьи для демонстрации Pigeonpost; мост и река выдуманы.*

Городская администрация выбрала подрядчика для ремонта старого пешеходного моста через реку
Сорочку. Работы начнутся в декабре и займут около трёх месяцев. На это время жителям предлагают
пользоваться автомобильным мостом, где откроют временный тротуар.

![Мост до ремонта](media/samples/bridge.png)

Жители давно жаловались на прогнившие доски настила: **в прошлом году** на мосту дважды
травмировались пешеходы.
`,
  },
  {
    id: 'zarechye-shkolnyj-sad',
    picture: 'garden',
    text: `---
title: Школьники Заречья посадили сад на пустыре
date: 2026-11-22T11:20:00+03:00
lang: ru
section: Общество
summary: Ученики третьей школы превратили пустырь за спортзалом в цветник — учебный пример.
image:
  src: media/samples/garden.png
  alt: Нарисованный цветник с яркими цветами
sample: true
---

*Пример статьи для демонстрации Pigeonpost. Школа и её ученики выдуманы.*

Ученики третьей школы Заречья за осень превратили пустырь за спортзалом в сад: высадили
сто двадцать луковиц тюльпанов, шесть кустов сирени и поставили скамейки, сколоченные на уроках
труда.

Весной школа обещает открыть сад для всех жителей района.
`,
  },
];
