import { directionsUrl, type Coordinates } from '@cybertacotruck/contracts';

const hemisphere = (value: number, positive: string, negative: string) =>
  `${Math.abs(value).toFixed(4)}° ${value >= 0 ? positive : negative}`;

/** e.g. "30.1975° N, 97.6664° W". */
export const formatCoordinates = ({ lat, lng }: Coordinates) =>
  `${hemisphere(lat, 'N', 'S')}, ${hemisphere(lng, 'E', 'W')}`;

/**
 * A small static map: a drawn street grid with a pin, the coordinates, and a link to directions in
 * the renter's maps app. No tiles and no map library: nothing to download, works offline, and the
 * customer bundle stays small; the maps app shows the real map.
 */
export function LocationMap({
  coordinates,
  name,
  thumbnail = false,
}: {
  coordinates: Coordinates;
  name: string;
  thumbnail?: boolean;
}) {
  // The streets shift with the coordinates so two places do not look the same.
  const dx = Math.abs(Math.round(coordinates.lng * 1000)) % 40;
  const dy = Math.abs(Math.round(coordinates.lat * 1000)) % 30;
  const label = `Map of ${name} at ${formatCoordinates(coordinates)}: open directions`;
  return (
    <a
      className={`pickup-map${thumbnail ? ' pickup-map-thumb' : ''}`}
      href={directionsUrl(coordinates)}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={label}
      title={label}
    >
      <svg viewBox="0 0 320 140" preserveAspectRatio="xMidYMid slice" role="img" aria-hidden="true">
        <rect width="320" height="140" fill="#e9efe6" />
        <path
          d={`M0 ${String(40 + dy)} H320 M0 ${String(100 + dy / 2)} H320`}
          stroke="#ffffff"
          strokeWidth="9"
        />
        <path
          d={`M${String(60 + dx)} 0 V140 M${String(200 + dx)} 0 V140 M${String(270 - dx)} 0 L${String(230 - dx)} 140`}
          stroke="#ffffff"
          strokeWidth="7"
        />
        <rect x={String(95 + dx)} y="8" width="70" height="24" rx="3" fill="#d5e3cf" />
        <circle cx="160" cy="70" r="22" fill="#c8102e" opacity="0.14" />
        <path d="M160 82 C150 68 146 62 146 55 a14 14 0 0 1 28 0 c0 7 -4 13 -14 27z" fill="#c8102e" />
        <circle cx="160" cy="55" r="5" fill="#ffffff" />
        {!thumbnail && (
          <text x="8" y="132" fontSize="11" fill="#3b4250" className="pickup-coords">
            {formatCoordinates(coordinates)}
          </text>
        )}
      </svg>
    </a>
  );
}
