import { runService } from '@cybertacotruck/platform';
import { notificationService } from './index';

await runService(notificationService);
