import { ProblemTypes, type UserContact, type UserRecipient } from '@cybertacotruck/contracts';
import { NotFoundError } from '@cybertacotruck/platform';
import type { PreferencesService } from '../preferences/preferences.service';
import type { ContactsRepository } from './contacts.repository';

/** Users as recipients, for the notification service: a user's contact, and the operators to alert. */
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly preferences: PreferencesService,
  ) {}

  async contact(userId: string): Promise<UserContact> {
    const found = await this.contacts.find(userId);
    if (!found) throw new NotFoundError(`No user with id ${userId}.`, ProblemTypes.userNotFound);
    return found;
  }

  /** Every operator with their preferences (an operator without preferences yet is skipped). */
  async operatorRecipients(): Promise<UserRecipient[]> {
    const items: UserRecipient[] = [];
    for (const contact of await this.contacts.operators()) {
      const preferences = await this.preferences.get(contact.id);
      if (preferences) items.push({ contact, preferences });
    }
    return items;
  }
}
