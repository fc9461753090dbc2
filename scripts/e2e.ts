import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { Texts, type Translator } from '../src/i18n/i18n.js';
import { LOCALES_DIR, PROJECT_ROOT } from '../src/paths.js';
import { DiskWorker } from '../src/store/file/disk-worker.js';
import { FilePartnerRegister } from '../src/store/file/file-partner-register.js';
import { launchChromium } from './browser.js';
import { BIG_SEED, SEED, seedPlaygroundTenant, startBotAndPlayground, stopProcess, TENANT } from './playground-kit.js';

const STEP_TIMEOUT = 20_000;
const texts = Texts.fromDirectory(LOCALES_DIR);
const en = texts.translator('en');
const fr = texts.translator('fr');

/**
 * `npm run e2e`: the bot in the Microsoft 365 Agents Playground, a local Teams-like client, driven
 * in headless Chromium as an admin would: install, welcome card, add a partner by filling and
 * clicking the cards, change it, view relationships (in English, then in French), ask to remove
 * the reseller, delete the partner; then the same organisation with 300 subscriptions. Each step is checked on the page and photographed; the
 * folder of screenshots is printed at the end. Every process started here is stopped.
 */
class Session {
  constructor(
    private readonly page: Page,
    private readonly shots: string,
    /** Screenshots are numbered across the sessions of one run. */
    private readonly counter: { step: number },
  ) {}

  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  lastCard(): Locator {
    return this.cards().last();
  }

  async say(text: string): Promise<void> {
    const box = this.page.locator('[role="textbox"][contenteditable="true"]');
    await box.click();
    await box.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Sends a message as a French Teams client would (the Playground always says en-US). */
  async sayInFrench(playgroundUrl: string, text: string): Promise<void> {
    const template = (await (await fetch(`${playgroundUrl}/_internal/v1/customActivities/template?conversationId=personal-chat-id`)).json()) as Record<string, unknown>;
    const custom = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...template, type: 'message', text, locale: 'fr-FR' }),
    });
    if (!custom.ok) throw new Error(`the Playground refused the French activity: ${custom.status}`);
  }

  page_(): Page {
    return this.page;
  }

  /** Waits until the page shows `text` (in a card or a message). */
  async sees(text: string): Promise<void> {
    await this.page.getByText(text, { exact: false }).last().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  }

  async newCard(before: number): Promise<Locator> {
    const cards = this.cards();
    const until = Date.now() + STEP_TIMEOUT;
    while ((await cards.count()) <= before) {
      if (Date.now() > until) throw new Error('no new card appeared');
      await this.page.waitForTimeout(100);
    }
    return cards.last();
  }

  async shot(name: string): Promise<void> {
    this.counter.step += 1;
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: path.join(this.shots, `${String(this.counter.step).padStart(2, '0')}-${name}.png`) });
    console.log(`  ✔ ${name}`);
  }
}

/** Runs the steps; throws on the first one whose page is not as expected. */
async function scenario(s: Session, t: Translator, playgroundUrl: string, dataDir: string): Promise<void> {
  await s.sees(t('cards:welcome.title'));
  await s.shot('installed-welcome-card');

  let count = await s.cards().count();
  await s.say('add a partner');
  let card = await s.newCard(count);
  await card.getByText(t('cards:pickSubscription.intro.add'), { exact: true }).first().waitFor();
  await card.getByRole('radio', { name: t('cards:pickSubscription.noPartner', { name: 'Office 365 E3' }) }).check();
  await s.shot('add-choose-subscription');
  await card.getByRole('button', { name: t('cards:pickSubscription.next') }).click();
  await s.sees(t('dialogs:addPartner.askId', { subscription: 'Office 365 E3', current: '' }));
  count = await s.cards().count();
  await s.say('7654321');
  card = await s.newCard(count);
  await card.getByText('Northwind Traders (7654321)', { exact: true }).first().waitFor();
  await s.shot('add-confirmation-card');
  await card.getByRole('button', { name: t('cards:confirmChange.confirm.add') }).click();
  await s.sees(t('dialogs:addPartner.recorded', { partner: 'Northwind Traders (7654321)', subscription: 'Office 365 E3', previous: '' }));
  await s.sees(t('dialogs:common.recordedStatus'));
  await s.sees(t('cards:applySteps.title.add'));
  await s.shot('add-recorded-card-updated-and-steps');

  count = await s.cards().count();
  await s.say('change partner');
  card = await s.newCard(count);
  await card
    .getByRole('radio', { name: t('cards:pickSubscription.withPartner', { name: 'Office 365 E3', partner: 'Northwind Traders (7654321)' }) })
    .check();
  await card.getByRole('button', { name: t('cards:pickSubscription.next') }).click();
  await s.sees(t('dialogs:changePartner.askId', { subscription: 'Office 365 E3', current: 'Northwind Traders (7654321)' }));
  count = await s.cards().count();
  await s.say('1234567');
  card = await s.newCard(count);
  await card.getByText('Contoso Advisors (1234567)', { exact: true }).first().waitFor();
  await s.shot('change-confirmation-card');
  await card.getByRole('button', { name: t('cards:confirmChange.confirm.change') }).click();
  await s.sees(t('dialogs:changePartner.recorded', { partner: 'Contoso Advisors (1234567)', subscription: 'Office 365 E3', previous: 'Northwind Traders (7654321)' }));
  await s.sees(t('cards:applySteps.title.change'));
  await s.shot('change-recorded');

  count = await s.cards().count();
  await s.say('show my partners');
  card = await s.newCard(count);
  await card.getByText(t('cards:relationships.subscriptions', { names: 'Microsoft 365 Business Standard, Office 365 E3' }), { exact: true }).first().waitFor();
  await card.getByText('Northwind Traders (7654321)', { exact: true }).first().waitFor();
  await s.shot('view-relationships');

  // Teams sends the user's locale; the Playground always says en-US, so this one turn is shaped
  // by hand, as a French Teams client would send it.
  count = await s.cards().count();
  await s.sayInFrench(playgroundUrl, 'afficher mes partenaires');
  card = await s.newCard(count);
  await card.getByText(fr('cards:relationships.title'), { exact: true }).first().waitFor();
  await card.getByText(fr('cards:relationships.types.reseller'), { exact: true }).first().waitFor();
  await s.shot('view-relationships-in-french');

  count = await s.cards().count();
  await s.say('remove my reseller');
  card = await s.newCard(count);
  await card.getByText(t('cards:reseller.cannot.worldwide'), { exact: true }).first().waitFor();
  await card.getByText('Northwind Traders (7654321)', { exact: true }).first().waitFor();
  await s.shot('reseller-explained');

  count = await s.cards().count();
  await s.say('remove partner');
  card = await s.newCard(count);
  await card
    .getByRole('radio', { name: t('cards:pickSubscription.withPartner', { name: 'Office 365 E3', partner: 'Contoso Advisors (1234567)' }) })
    .check();
  count = await s.cards().count();
  await card.getByRole('button', { name: t('cards:pickSubscription.next') }).click();
  card = await s.newCard(count);
  await card.getByText(t('cards:confirmChange.title.remove'), { exact: true }).first().waitFor();
  await card.getByRole('button', { name: t('cards:confirmChange.confirm.remove') }).click();
  await s.sees(t('dialogs:removePartner.recorded', { subscription: 'Office 365 E3', partner: '', previous: 'Contoso Advisors (1234567)' }));
  await s.sees(t('cards:applySteps.title.remove'));
  await s.shot('remove-recorded');

  const disk = new DiskWorker();
  const store = await FilePartnerRegister.open(dataDir, disk);
  const actions = (await store.listAudit(TENANT, 10)).map((a) => a.action).reverse().join(', ');
  const removed = (await store.getSubscription(TENANT, 'sub-2'))?.partnerId === undefined;
  await disk.close();
  if (!removed || actions !== 'add, change, remove') {
    throw new Error(`the store does not hold what the page said: audit ${actions}`);
  }
  console.log('  ✔ the store holds the three changes, with their audit entries');
}

/**
 * The same organisation with 300 subscriptions. The Playground has no typeahead search (it says so,
 * and would empty a list searched with Data.Query), so the card lists the ten likeliest and says
 * how to reach the others: by a part of the name sent as a message. Then the relationships, short.
 */
async function bigScenario(s: Session, t: Translator, playgroundUrl: string): Promise<void> {
  await s.sees(t('cards:welcome.title'));
  let count = await s.cards().count();
  await s.say('change partner');
  let card = await s.newCard(count);
  await card.getByText(t('cards:pickSubscription.listHint', { count: 200, shown: 10 }), { exact: true }).waitFor();
  const list = card.getByRole('combobox');
  await list.click();
  await s.page_().keyboard.press('ArrowDown');
  const options = s.page_().getByRole('option');
  await options.first().waitFor();
  if ((await options.count()) !== 10) throw new Error(`the list shows ${await options.count()} subscriptions, not 10`);
  await s.shot('300-subscriptions-pick-card-list-open');
  await s.page_().keyboard.press('Escape');
  await s.say('vizio lyon 3');
  await s.sees(t('dialogs:changePartner.askId', { subscription: 'Visio Plan 2 – Lyon 3', current: 'Contoso Advisors (1234567)' }));
  await s.shot('300-subscriptions-found-by-typing');
  await s.say('cancel');
  await s.sees(t('dialogs:common.cancelled'));

  count = await s.cards().count();
  await s.sayInFrench(playgroundUrl, 'changer de partenaire');
  card = await s.newCard(count);
  await card.getByText(fr('cards:pickSubscription.listHint', { count: 200, shown: 10 }), { exact: true }).waitFor();
  await card.getByRole('combobox').click();
  await s.page_().keyboard.press('ArrowDown');
  await s.page_().getByRole('option').first().waitFor();
  await s.shot('300-subscriptions-pick-card-in-french');
  await s.page_().keyboard.press('Escape');
  await s.say('cancel');
  await s.sees(t('dialogs:common.cancelled'));

  count = await s.cards().count();
  await s.say('show my partners');
  card = await s.newCard(count);
  await card.getByText(t('cards:relationships.showAll', { count: 100 }), { exact: true }).first().waitFor();
  await s.shot('300-subscriptions-relationships');
  count = await s.cards().count();
  await card.getByRole('button', { name: t('cards:relationships.showAll', { count: 100 }) }).first().click();
  card = await s.newCard(count);
  await card.getByText(t('cards:partnerSubscriptions.range', { count: 100, total: '100', from: '1', to: '40' }), { exact: true }).waitFor();
  await s.shot('300-subscriptions-partner-page');
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'partner-bot-e2e-'));
  const shots = path.join(PROJECT_ROOT, 'dist', 'e2e', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(shots, { recursive: true });
  const dataDir = path.join(work, 'data');
  const logs = { bot: [] as Buffer[], playground: [] as Buffer[] };
  let processes: Awaited<ReturnType<typeof startBotAndPlayground>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const stopAll = () => {
    if (processes) [processes.bot, processes.playground].forEach(stopProcess);
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  const counter = { step: 0 };
  try {
    for (const [phase, seed, run] of [
      ['an organisation with two subscriptions', SEED, (s: Session, url: string) => scenario(s, en, url, dataDir)],
      ['the same organisation with 300 subscriptions', BIG_SEED, (s: Session, url: string) => bigScenario(s, en, url)],
    ] as const) {
      rmSync(dataDir, { recursive: true, force: true });
      await seedPlaygroundTenant(dataDir, work, seed);
      processes = await startBotAndPlayground({
        dataDir,
        workDir: work,
        onBotOutput: (b) => logs.bot.push(b),
        onPlaygroundOutput: (b) => logs.playground.push(b),
      });
      browser ??= await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(processes.playgroundUrl);
      console.log(`${phase}: Agents Playground on ${processes.playgroundUrl}, bot on port ${processes.botPort}:`);
      await run(new Session(page, shots, counter), processes.playgroundUrl);
      await page.close();
      stopAll();
      processes = undefined;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    console.log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
  } catch (error) {
    const page = browser?.contexts().at(-1)?.pages().at(-1);
    await page?.screenshot({ path: path.join(shots, 'failure.png') }).catch(() => undefined);
    console.error(`e2e failed: ${error instanceof Error ? error.message : String(error)}\nscreenshots and logs in ${shots}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    stopAll();
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(path.join(shots, 'bot.log'), Buffer.concat(logs.bot));
    writeFileSync(path.join(shots, 'playground.log'), Buffer.concat(logs.playground));
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
