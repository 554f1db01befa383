import { useEffect, useRef } from 'react';
import { MapContainer, Marker, Polyline, TileLayer, Tooltip, useMap } from 'react-leaflet';
import { divIcon, latLngBounds, type DivIcon, type LatLngTuple } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { MARKER_LETTERS, MARKER_STATUS_LABELS } from './live-format';

export interface MapPoint {
  id: string;
  label: string;
  status: string;
  position: LatLngTuple;
  selected?: boolean;
}

const TILE_URL = import.meta.env.VITE_MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

const icons = new Map<string, DivIcon>();
/**
 * A pin per status: its own colour and letter (P parked, D driving, C charging, Z asleep, ! offline),
 * so cars are told apart without colour too; the marker's title names the car and its status.
 */
function iconFor(status: string, selected: boolean): DivIcon {
  const key = `${status}|${String(selected)}`;
  let icon = icons.get(key);
  if (!icon) {
    const known = status in MARKER_LETTERS ? status : 'unknown';
    const size = selected ? 34 : 28;
    icon = divIcon({
      className: 'map-pin-wrap',
      html: `<span class="map-pin map-pin-${known}${selected ? ' map-pin-selected' : ''}" aria-hidden="true">${MARKER_LETTERS[known] ?? '?'}</span>`,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    icons.set(key, icon);
  }
  return icon;
}

/** Frames the markers once; later refreshes move markers without yanking the operator's view. */
function FitBounds({ points }: { points: LatLngTuple[] }) {
  const map = useMap();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || points.length === 0) return;
    map.fitBounds(latLngBounds(points), { padding: [28, 28], maxZoom: 14 });
    fitted.current = true;
  }, [map, points]);
  return null;
}

/** The fleet (or one vehicle and its track) on a map; markers are coloured by what the car is doing. */
export function FleetMap({
  points,
  track = [],
  label,
  onSelect,
}: {
  points: MapPoint[];
  track?: LatLngTuple[];
  label: string;
  onSelect?: (id: string) => void;
}) {
  const all = [...points.map((p) => p.position), ...track];
  const center: LatLngTuple = all[0] ?? [30.2672, -97.7431];
  return (
    <div className="map" role="region" aria-label={label}>
      <MapContainer center={center} zoom={12} scrollWheelZoom={false} className="map-canvas">
        <TileLayer url={TILE_URL} attribution={ATTRIBUTION} />
        <FitBounds points={all} />
        {track.length > 1 && (
          <Polyline positions={track} pathOptions={{ color: '#2864d6', weight: 4, opacity: 0.8 }} />
        )}
        {points.map((p) => (
          <Marker
            key={p.id}
            position={p.position}
            icon={iconFor(p.status, p.selected ?? false)}
            title={p.label}
            alt={p.label}
            keyboard={Boolean(onSelect)}
            eventHandlers={
              onSelect
                ? {
                    click: () => {
                      onSelect(p.id);
                    },
                  }
                : {}
            }
          >
            <Tooltip direction="top" offset={[0, -14]}>
              {p.label}
            </Tooltip>
          </Marker>
        ))}
      </MapContainer>
      {points.length > 0 && (
        <ul className="map-legend" aria-label="Map key">
          {Object.entries(MARKER_STATUS_LABELS)
            .filter(([status]) => points.some((p) => p.status === status))
            .map(([status, name]) => (
              <li key={status}>
                <span className={`map-pin map-pin-${status}`} aria-hidden="true">
                  {MARKER_LETTERS[status]}
                </span>
                {name}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
