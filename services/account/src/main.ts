import { runService } from '@cybertacotruck/platform';
import { accountService } from './index';

await runService(accountService);
