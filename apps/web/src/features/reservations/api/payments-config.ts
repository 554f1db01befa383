import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PaymentsConfig } from '@cybertacotruck/contracts';

/**
 * How a card is taken: Stripe (publishable key), the payments simulator's test cards, or not at all.
 * Fetched directly, typed by the contract: the route is newer than this build's generated client.
 */
export async function getPaymentsConfig(signal?: AbortSignal): Promise<PaymentsConfig> {
  const response = await fetch('/api/v1/payments/config', {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`Could not load the payment settings (HTTP ${String(response.status)}).`);
  return (await response.json()) as PaymentsConfig;
}

export const paymentsConfigQuery = () =>
  queryOptions({
    queryKey: ['payments', 'config'] as const,
    queryFn: ({ signal }) => getPaymentsConfig(signal),
    staleTime: Infinity,
  });

export const usePaymentsConfig = () => useQuery(paymentsConfigQuery());

/**
 * Whether the renter pays by card when confirming (Stripe or the simulator: the rental charged, the
 * deposit held) or everything is taken at pick-up (payments off); null until known.
 */
export type PaymentTiming = 'online' | 'at-pickup';

export function usePaymentTiming(): PaymentTiming | null {
  const config = usePaymentsConfig();
  if (!config.data) return null;
  return config.data.mode === 'off' ? 'at-pickup' : 'online';
}
