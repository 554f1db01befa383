import { runService } from '@cybertacotruck/platform';
import { reservationService } from './index';

await runService(reservationService);
