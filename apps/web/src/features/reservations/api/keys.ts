import type {
  AvailabilityDaysQuery,
  AvailabilityQuery,
  ReservationListQuery,
  ReservationScope,
} from '@cybertacotruck/contracts';

export const reservationKeys = {
  all: ['reservations'] as const,
  availability: (query: AvailabilityQuery) => ['reservations', 'availability', query] as const,
  availabilityDays: (query: AvailabilityDaysQuery) => ['reservations', 'availability-days', query] as const,
  terms: ['reservations', 'terms', 'current'] as const,
  lists: ['reservations', 'list'] as const,
  list: (query: ReservationListQuery) => ['reservations', 'list', query] as const,
  /** Pages of one scope (an infinite query: its cache holds pages, so it gets its own key). */
  mine: (scope: ReservationScope) => ['reservations', 'list', 'mine', scope] as const,
  detail: (id: string) => ['reservations', 'detail', id] as const,
};
