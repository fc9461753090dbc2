import { pino, type DestinationStream, type Logger } from 'pino';
import sonicBoom from 'sonic-boom';
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

/** Log lines waiting for a slow reader, at most; past that, lines are dropped and counted. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

/** Where the log lines go, and how to flush them without waiting for ever. */
export interface LogOutput extends DestinationStream {
  /** Lines dropped because the output was blocked or gone. */
  readonly dropped: number;
  /** Resolves once what is pending is written, or after `ms`, whichever comes first. */
  flush(ms: number): Promise<void>;
}

/**
 * Standard output that can never stop the bot: writes are asynchronous (a reader that does not
 * read fills a bounded buffer, then lines are dropped), and once the output is closed (EPIPE) or
 * fails, lines are dropped. pino's own default would flush synchronously on exit, which hangs on a
 * blocked pipe.
 */
export function createLogOutput(fd = 1): LogOutput {
  const stream = new sonicBoom.SonicBoom({ fd, sync: false, maxLength: MAX_PENDING_BYTES });
  let broken = false;
  let dropped = 0;
  stream.on('error', () => {
    broken = true;
  });
  stream.on('drop', () => {
    dropped += 1;
  });
  return {
    write(line: string) {
      if (broken) dropped += 1;
      else stream.write(line);
    },
    get dropped() {
      return dropped;
    },
    flush(ms: number) {
      if (broken) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        stream.flush(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
