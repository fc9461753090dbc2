export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** 'fr', 'fr-FR', 'fr-CA' … → 'fr'; anything else, or nothing, → undefined. */
export function matchLocale(tag: string | undefined): Locale | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === language);
}

/** The bot speaks French to French locales and English to everyone else. */
export const resolveLocale = (tag: string | undefined): Locale => matchLocale(tag) ?? 'en';
