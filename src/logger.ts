// One logger travels in deps; lines carry bracketed context such as [cmd:assess].
import { ConsoleLogger, type Logger, LogLevel } from '@slack/logger';
import type { LogLevel as ConfigLogLevel } from './config.ts';

export type { Logger };

export const LEVELS: Record<ConfigLogLevel, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export function createLogger(level: ConfigLogLevel, name = 'migrate-bot'): Logger {
  const logger = new ConsoleLogger();
  logger.setName(name);
  logger.setLevel(LEVELS[level]);
  return logger;
}
