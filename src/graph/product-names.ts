import { readFileSync } from 'node:fs';

/** Microsoft's product names by SKU part number ("ENTERPRISEPACK" → "Office 365 E3"), shipped as data. */
export class ProductNames {
  private constructor(private readonly names: ReadonlyMap<string, string>) {}

  static fromFile(file: string): ProductNames {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { products?: Record<string, unknown> };
    const entries = Object.entries(data.products ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (entries.length === 0) throw new Error(`${file}: no product names`);
    return new ProductNames(new Map(entries.map(([sku, name]) => [sku.toUpperCase(), name])));
  }

  static of(entries: Record<string, string>): ProductNames {
    return new ProductNames(new Map(Object.entries(entries).map(([sku, name]) => [sku.toUpperCase(), name])));
  }

  /** The product's name, or the part number itself when the table does not know it. */
  nameOf(skuPartNumber: string): string {
    return this.names.get(skuPartNumber.toUpperCase()) ?? skuPartNumber;
  }
}
