import { directionsUrl, type PickupLocation } from '@cybertacotruck/contracts';
import { LocationMap } from './location-map';
import { OpeningHoursList } from './opening-hours';
import '../locations.css';

const regionLine = (a: PickupLocation['address']) =>
  [a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');

function Address({ location }: { location: PickupLocation }) {
  const { address } = location;
  return (
    <address>
      {address.lines.map((line, i) => (
        <span key={i}>
          {line}
          <br />
        </span>
      ))}
      {regionLine(address)}
      <br />
      {address.country}
    </address>
  );
}

function DirectionsLink({ location, className }: { location: PickupLocation; className: string }) {
  return (
    <a
      className={className}
      href={directionsUrl(location.coordinates)}
      target="_blank"
      rel="noopener noreferrer"
    >
      Directions
      <span className="visually-hidden"> to {location.name} (opens your maps app)</span>
    </a>
  );
}

/**
 * Where the renter collects (and returns) the car: the place, its address, a small map, a link to
 * directions, the instructions, opening hours and the phone. `heading` names the block.
 */
export function PickupLocationPanel({
  location,
  heading = 'Pick-up and return',
}: {
  location: PickupLocation;
  heading?: string;
}) {
  return (
    <section className="pickup" aria-label={heading}>
      <div className="pickup-head">
        <div>
          <p className="eyebrow">{heading}</p>
          <h2>{location.name}</h2>
        </div>
        <DirectionsLink location={location} className="button button-small" />
      </div>
      <Address location={location} />
      <LocationMap coordinates={location.coordinates} name={location.name} />
      {location.instructions && (
        <div>
          <h3 className="small">How to find the car</h3>
          <p className="pickup-instructions">{location.instructions}</p>
        </div>
      )}
      <OpeningHoursList hours={location.openingHours} timeZone={location.timeZone} />
      {location.phone && (
        <p className="small">
          Questions? Call <a href={`tel:${location.phone}`}>{location.phone}</a>
        </p>
      )}
    </section>
  );
}

/** The same in a few lines, for a card in a list: name and street, a thumbnail map, directions. */
export function PickupLocationLine({ location }: { location: PickupLocation }) {
  const { address } = location;
  return (
    <div className="pickup-compact" aria-label={`Pick-up at ${location.name}`}>
      <LocationMap coordinates={location.coordinates} name={location.name} thumbnail />
      <div>
        <p>
          <strong>Pick-up: {location.name}</strong>
        </p>
        <p className="muted">
          {address.lines[0]}, {address.city}
        </p>
        <DirectionsLink location={location} className="small" />
      </div>
      {location.instructions && (
        <details>
          <summary className="small">How to find the car</summary>
          <p className="pickup-instructions small">{location.instructions}</p>
        </details>
      )}
    </div>
  );
}

/**
 * A booking whose car has no pick-up location yet (its home location was never set): said plainly,
 * with whom to call, instead of an empty place.
 */
export function PickupToBeToldPanel({
  contactPhone,
  heading = 'Pick-up and return',
}: {
  contactPhone: string | null;
  heading?: string;
}) {
  return (
    <section className="pickup" aria-label={heading}>
      <p className="eyebrow">{heading}</p>
      <p>The rental team will tell you where to collect the car before your pick-up.</p>
      {contactPhone ? (
        <p className="small">
          Questions? Call <a href={`tel:${contactPhone}`}>{contactPhone}</a>
        </p>
      ) : (
        <p className="small">They will contact you by SMS or e-mail, as your notification settings say.</p>
      )}
    </section>
  );
}
