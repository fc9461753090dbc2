import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear, so neither a secret from configuration nor a token
 * from a request ever reaches a log line.
 */
export const REDACTED_PATHS = [
  'microsoftAppPassword',
  'MicrosoftAppPassword',
  '*.microsoftAppPassword',
  '*.MicrosoftAppPassword',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
];

/** JSON lines on stdout (or `destination`, for tests). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'partner-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
