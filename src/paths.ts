import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder: compiled code runs from dist/src, sources from src. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
export const CARDS_DIR = path.join(PROJECT_ROOT, 'cards');
export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');
/** Microsoft's product names by SKU part number, shipped as data. */
export const PRODUCT_NAMES_FILE = path.join(PROJECT_ROOT, 'src', 'graph', 'product-names.json');
/** The recognizer trained by `npm run build` (see nlu/recognizer-model.ts). */
export const RECOGNIZER_MODEL_FILE = path.join(PROJECT_ROOT, 'dist', 'recognizer-model.json');
