import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CardRenderer } from '../src/cards/render-card.js';
import { Texts } from '../src/i18n/i18n.js';
import { LOCALES } from '../src/i18n/resolve-locale.js';
import { CARDS_DIR, LOCALES_DIR, PROJECT_ROOT } from '../src/paths.js';
import { CARD_SAMPLES } from '../support/card-samples.js';
import { launchChromium } from './browser.js';

/**
 * `npm run cards:gallery`: every card, in English and French, with representative data, rendered
 * by the Adaptive Cards SDK with a Teams light-theme host config, into one HTML page and one PNG per
 * card (at Teams' desktop width and at a phone's). Exits non-zero if a label is cut off.
 */
const require = createRequire(import.meta.url);
const OUT = path.join(PROJECT_ROOT, 'dist', 'cards-gallery');

/** Teams' light theme, in Adaptive Cards host config terms. */
const TEAMS_LIGHT = {
  fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#7F85F5' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#835B00' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
        light: { default: '#FFFFFF', subtle: '#FFFFFF' },
        dark: { default: '#242424', subtle: '#424242' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'stretch',
  },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { suffix: ' *' }, optionalInputs: {} }, errorMessage: { size: 'small', color: 'attention' } },
};

const STYLE = `
body { font-family: 'Segoe UI', Arial, sans-serif; background: #EBEBEB; margin: 24px; color: #242424; }
h1 { font-size: 20px; } h2 { font-size: 14px; margin: 24px 0 8px; color: #616161; }
.row { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
.frame { background: #FFFFFF; border-radius: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.14); }
.frame.desktop { width: 450px; } .frame.phone { width: 320px; }
.ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; border: 1px solid #D1D1D1; border-radius: 4px;
  background: #FFFFFF; color: #242424; padding: 5px 12px; min-height: 32px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ac-pushButton.style-positive { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
.cut { outline: 3px solid #C4314B; }
.ac-textBlock ol, .ac-textBlock ul { box-sizing: border-box; max-width: 100%; white-space: normal; }
`;

/** Markdown as Teams renders it in cards: bold, italics, links, bulleted and numbered lists. */
const MARKDOWN = `
function inline(s) {
  return s.replace(/&/g,'&amp;').replace(/</g,'&lt;')
    .replace(/\\*\\*([^*]+)\\*\\*/g,'<strong>$1</strong>').replace(/_([^_]+)_/g,'<em>$1</em>')
    .replace(/\\[([^\\]]+)\\]\\(([^)]+)\\)/g,'<a href="$2">$1</a>');
}
function markdown(text) {
  const lines = text.split('\\n'); let html = ''; let list = null;
  for (const line of lines) {
    const bullet = /^- (.*)/.exec(line), numbered = /^\\d+\\. (.*)/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : null;
    if (list && kind !== list) { html += '</' + list + '>'; list = null; }
    if (kind && !list) { html += '<' + kind + ' style="margin:0;padding-left:20px;white-space:normal">'; list = kind; }
    if (kind) html += '<li>' + inline((bullet || numbered)[1]) + '</li>';
    else if (line.trim()) html += '<p style="margin:0;white-space:normal">' + inline(line) + '</p>';
  }
  if (list) html += '</' + list + '>';
  return html;
}`;

interface Entry {
  readonly id: string;
  readonly title: string;
  readonly card: Record<string, unknown>;
}

function entries(): Entry[] {
  const texts = Texts.fromDirectory(LOCALES_DIR);
  const cards = new CardRenderer(CARDS_DIR);
  const list: Entry[] = [];
  for (const name of cards.names) {
    (CARD_SAMPLES[name] ?? [{}]).forEach((data, i) => {
      for (const locale of LOCALES) {
        list.push({ id: `${name}.${i + 1}.${locale}`, title: `${name} #${i + 1} (${locale})`, card: cards.expand(name, data, texts.translator(locale)) });
      }
    });
  }
  return list;
}

function page(list: Entry[]): string {
  const sdk = readFileSync(require.resolve('adaptivecards-sdk/dist/adaptivecards.js'), 'utf8');
  const sections = list
    .map((e) => `<h2>${e.title}</h2><div class="row"><div class="frame desktop" id="${e.id}.desktop"></div><div class="frame phone" id="${e.id}.phone"></div></div>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>partner-bot cards</title><style>${STYLE}</style>
<script>${sdk.replace(/<\/script/gi, '<\\/script')}</script></head>
<body><h1>partner-bot: every card, English and French (Teams light theme; desktop and phone widths)</h1>
${sections}
<script>${MARKDOWN}
const cards = ${JSON.stringify(Object.fromEntries(list.map((e) => [e.id, e.card])))};
const hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(TEAMS_LIGHT)});
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = markdown(text); result.didProcess = true; };
for (const [id, json] of Object.entries(cards)) {
  for (const width of ['desktop', 'phone']) {
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.parse(json);
    document.getElementById(id + '.' + width).appendChild(card.render());
  }
}
// Text that does not wrap (buttons, titles) and is wider than its box is cut off with an ellipsis.
window.cutOff = [...document.querySelectorAll('.ac-pushButton, .ac-pushButton *, .ac-textBlock, .ac-textBlock *, .ac-input')]
  .filter((el) => getComputedStyle(el).whiteSpace === 'nowrap' && el.scrollWidth > el.clientWidth + 1)
  .map((el) => { el.classList.add('cut'); return el.closest('.frame').id + ': "' + el.textContent + '"'; });
</script></body></html>`;
}

async function main(): Promise<void> {
  const list = entries();
  mkdirSync(OUT, { recursive: true });
  const htmlFile = path.join(OUT, 'index.html');
  writeFileSync(htmlFile, page(list));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 900, height: 800 }, deviceScaleFactor: 1 });
    await tab.goto(`file://${htmlFile}`);
    const cutOff = (await tab.evaluate('window.cutOff')) as string[];
    for (const e of list) {
      for (const width of ['desktop', 'phone']) {
        await tab.locator(`[id="${e.id}.${width}"]`).screenshot({ path: path.join(OUT, `${e.id}.${width}.png`) });
      }
    }
    console.log(`${list.length * 2} card images and index.html written to ${OUT}`);
    if (cutOff.length > 0) {
      console.error(`Cut-off text:\n  ${cutOff.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
