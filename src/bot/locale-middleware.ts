import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Texts } from '../i18n/i18n.js';
import { matchLocale, type Locale } from '../i18n/resolve-locale.js';
import { setTranslator } from '../dialogs/turn-state.js';

/** The `locale` of Teams' `clientInfo` entity, used when the activity itself has none. */
function clientInfoLocale(activity: Partial<Activity>): string | undefined {
  const info = activity.entities?.find((e) => e.type === 'clientInfo') as
    | { locale?: unknown }
    | undefined;
  return typeof info?.locale === 'string' ? info.locale : undefined;
}

/**
 * Puts a translator fixed to the turn's language on the turn state. The language a user chose
 * ("English", « français ») wins, since they asked for it; then the activity's locale, then the
 * `clientInfo` entity (Teams omits `locale` on some events), then English.
 */
export class LocaleMiddleware implements Middleware {
  constructor(
    private readonly texts: Texts,
    private readonly chosenLocale: StatePropertyAccessor<Locale | undefined>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const chosen = matchLocale(await this.chosenLocale.get(context));
    const locale =
      chosen ??
      matchLocale(context.activity.locale) ??
      matchLocale(clientInfoLocale(context.activity)) ??
      'en';
    setTranslator(context, this.texts.translator(locale));
    await next();
  }
}
