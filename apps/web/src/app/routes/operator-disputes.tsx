import { DisputesList } from '../../features/rental/components/disputes-list';

/** The operator's list of receipts renters dispute. */
export function OperatorDisputesPage() {
  return (
    <section className="section narrow-wide" aria-labelledby="disputes-heading">
      <h1 id="disputes-heading">Disputes</h1>
      <DisputesList />
    </section>
  );
}
