import { Link } from 'react-router';
import { EmptyState } from '../../components/status';

export function NotFoundPage() {
  return (
    <EmptyState title="This page does not exist">
      <Link to="/" className="button">
        Back to the fleet
      </Link>
    </EmptyState>
  );
}
