import type { Kysely } from 'kysely';
import { ConfigError, type Logger } from '@cybertacotruck/platform';
import type { InventoryConfig } from '../../config';
import type { InventoryTables } from '../../tables';
import type { UsageService } from '../tesla/usage.service';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import type { InsightsTables } from './insights.tables';
import { SearchRecorder } from './search-recorder';

export interface InsightsModule {
  service: InsightsService;
  searches: SearchRecorder;
  close(): Promise<void>;
}

/** The canonical name of an IANA time zone, or undefined for one the runtime does not know. */
const canonicalZone = (zone: string): string | undefined => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

/** The business numbers for one process: the read side and the search counters it writes. */
export function buildInsights(
  db: Kysely<InventoryTables>,
  config: Pick<InventoryConfig, 'INSIGHTS_TIME_ZONE' | 'INSIGHTS_SEARCH_FLUSH_MS'>,
  usage: Pick<UsageService, 'report'>,
  logger: Logger,
): InsightsModule {
  const zone = canonicalZone(config.INSIGHTS_TIME_ZONE);
  if (!zone)
    throw new ConfigError([
      `INSIGHTS_TIME_ZONE: got ${JSON.stringify(config.INSIGHTS_TIME_ZONE)}; expected an IANA time zone such as America/Chicago`,
    ]);
  const repo = new InsightsRepository(db.withTables<InsightsTables>());
  const searches = new SearchRecorder(repo, zone, {
    flushMs: config.INSIGHTS_SEARCH_FLUSH_MS,
    logger: logger.child({ module: 'insights' }),
  });
  searches.start();
  return {
    service: new InsightsService(repo, usage, zone),
    searches,
    close: () => searches.close(),
  };
}
