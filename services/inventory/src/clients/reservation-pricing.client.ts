import type { ModelPrices, PriceModelsBody, PricingClient } from '@cybertacotruck/contracts';
import type { Peers } from '@cybertacotruck/platform';

/**
 * The reservation service's prices over its HTTP API, through `peers`: injected into the same
 * server in the embedded process, an HTTP call to RESERVATION_URL otherwise (a PeerError 503 when
 * neither, e.g. inventory alone in a benchmark).
 */
export class ReservationPricingClient implements PricingClient {
  constructor(private readonly peers: Peers) {}

  async priceModels(body: PriceModelsBody): Promise<ModelPrices> {
    const { body: prices } = await this.peers.call<ModelPrices>('reservation', {
      method: 'POST',
      path: '/internal/prices',
      body,
    });
    return prices;
  }
}
