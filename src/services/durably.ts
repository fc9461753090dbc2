import type { ChangeError } from '../domain/partner-change.js';
import { fail, type Result } from '../domain/result.js';
import { StoreWriteError } from '../ports/partner-register.js';

/** A write the register could not make is refused with its own code: nothing changed. */
export async function durably<T>(write: () => Promise<Result<T, ChangeError>>): Promise<Result<T, ChangeError>> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof StoreWriteError) return fail('notSaved');
    throw error;
  }
}
