import { useEffect, useRef } from 'react';
import { CircleMarker, MapContainer, Polyline, TileLayer, Tooltip, useMap } from 'react-leaflet';
import { latLngBounds, type LatLngTuple } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { MARKER_COLORS } from './live-format';

export interface MapPoint {
  id: string;
  label: string;
  status: string;
  position: LatLngTuple;
  selected?: boolean;
}

const TILE_URL = import.meta.env.VITE_MAP_TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

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
          <CircleMarker
            key={p.id}
            center={p.position}
            radius={p.selected ? 11 : 8}
            pathOptions={{
              color: '#fff',
              weight: 2,
              fillColor: MARKER_COLORS[p.status] ?? '#16181d',
              fillOpacity: 1,
            }}
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
            <Tooltip direction="top" offset={[0, -8]}>
              {p.label}
            </Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
