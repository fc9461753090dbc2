import { editDistance, normalize, typoAllowance } from './normalize.js';

/** A 6–10 digit number standing alone. */
const PLAIN_ID = /(?:^|[^\d\p{L}])(\d{6,10})(?![\d\p{L}])/u;
/** The same written in groups of 2 to 4 digits: "123 4567", "123-4567", "12.34.567". */
const GROUPED_ID = /(?:^|[^\d\p{L}])(\d{2,4}(?:[ .-]\d{2,4}){1,4})(?![\d\p{L}])/gu;
/** "Office 365", "Microsoft 365", "Dynamics 365": a product's number, not the start of an ID. */
const PRODUCT_NUMBER = /\p{L}\s+$/u;

/**
 * The Partner ID written in a message, if there is one: 6 to 10 digits, alone or in groups
 * ("1234567", "123 4567", "123-4567"). The number of "Microsoft 365" is never taken as its start.
 */
export function partnerIdIn(text: string): string | undefined {
  const plain = PLAIN_ID.exec(text)?.[1];
  if (plain) return plain;
  for (const match of text.matchAll(GROUPED_ID)) {
    let groups = match[1]!.split(/[ .-]/);
    const at = match.index + match[0].length - match[1]!.length;
    if (groups[0] === '365' && PRODUCT_NUMBER.test(text.slice(0, at))) groups = groups.slice(1);
    const digits = groups.join('');
    if (digits.length >= 6 && digits.length <= 10) return digits;
  }
  return undefined;
}

interface Named {
  readonly id: string;
  readonly name: string;
}

/** Words of a subscription's name that say nothing about which one it is. */
const GENERIC = new Set([
  'microsoft', 'office', '365', 'plan', 'for', 'and', 'with', 'the', 'of', 'de', 'du', 'des', 'pour', 'et', 'avec',
  'online', 'subscription', 'abonnement', 'edition', 'version', 'no', 'sans', 'without',
]);

function wordMatches(word: string, token: string): boolean {
  if (word === token) return true;
  const allowance = typoAllowance(word.length);
  return allowance > 0 && editDistance(word, token, allowance) <= allowance;
}

/**
 * The subscriptions a message names by their name or a distinctive part of it ("E3", "business
 * standard", « l'abonnement Teams »), a typo or two aside, in any word order. Those naming the most
 * of their words win: "Business Standard" names Business Standard, not Business Basic; "E3" names
 * every E3.
 */
export function subscriptionsIn<T extends Named>(text: string, subscriptions: readonly T[]): T[] {
  const tokens = normalize(text).replace(/\?/g, ' ').split(' ').filter(Boolean);
  if (tokens.length === 0) return [];
  let best = 0;
  let found: T[] = [];
  for (const subscription of subscriptions) {
    const words = [...new Set(normalize(subscription.name).split(' '))].filter((w) => w !== '');
    const named = (list: string[]) => list.filter((w) => tokens.some((t) => wordMatches(w, t))).length;
    const distinctive = named(words.filter((w) => !GENERIC.has(w)));
    if (distinctive === 0) continue;
    // Generic words break ties: "Office 365 E3" names Office 365 E3 rather than Microsoft 365 E3.
    const score = distinctive * 100 + named(words.filter((w) => GENERIC.has(w)));
    if (score < best) continue;
    if (score > best) found = [];
    best = score;
    found.push(subscription);
  }
  return found;
}

interface Partner {
  readonly id: string;
  readonly name?: string;
}

/** Words of a company's name that do not tell it apart. */
const COMPANY_FORMS = new Set(['inc', 'ltd', 'llc', 'sa', 'sas', 'sarl', 'gmbh', 'co', 'corp', 'group', 'groupe', 'the', 'le', 'la', 'les']);

/**
 * The partner a message names by the name the partner directory knows ("switch to Fourth Coffee"),
 * when exactly one does: all the words of its name, one after the other, a typo aside.
 */
export function partnerNamedIn<T extends Partner>(text: string, partners: readonly T[]): T | undefined {
  const tokens = normalize(text).replace(/\?/g, ' ').split(' ').filter(Boolean);
  const found = partners.filter((p) => {
    const words = normalize(p.name ?? '').split(' ').filter((w) => w !== '' && !COMPANY_FORMS.has(w));
    if (words.length === 0) return false;
    for (let start = 0; start + words.length <= tokens.length; start++) {
      if (words.every((w, i) => wordMatches(w, tokens[start + i]!))) return true;
    }
    return false;
  });
  return found.length === 1 ? found[0] : undefined;
}

/** Words that name a Microsoft product or plan, to tell a subscription named but not there. */
const PRODUCT = /\b(?:microsoft|office|dynamics|visio|project|power|exchange|teams|sharepoint|onedrive|intune|defender|entra|copilot|enterprise|business|[efgap][135]|e\d)\b/;

/** True when a message names a product or plan ("Dynamics 365 Sales", "E5"), whether or not it is a subscription. */
export function namesProduct(text: string): boolean {
  return PRODUCT.test(normalize(text));
}
