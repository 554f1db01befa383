import { describe, expect, it } from 'vitest';
import { unreadCount } from './unread';

describe('unread notifications', () => {
  const items = [
    { createdAt: '2026-12-05T10:00:00Z' },
    { createdAt: '2026-12-04T10:00:00Z' },
    { createdAt: '2026-12-03T10:00:00Z' },
  ];
  it('counts the messages after the last visit, all of them before any', () => {
    expect(unreadCount(items, null)).toBe(3);
    expect(unreadCount(items, '2026-12-04T10:00:00Z')).toBe(1);
    expect(unreadCount(items, '2026-12-06T00:00:00Z')).toBe(0);
  });
});
