import { useState } from 'react';
import type { Location } from '@cybertacotruck/contracts';
import { useLocations } from '../../features/locations/api/list-locations';
import {
  useArchiveLocation,
  useCreateLocation,
  useUpdateLocation,
} from '../../features/locations/api/save-location';
import {
  emptyLocationValues,
  LocationForm,
  locationValuesOf,
  toLocationBody,
} from '../../features/locations/components/location-form';
import { LocationMap } from '../../features/locations/components/location-map';
import { GeofenceEditor } from '../../features/rental-access/components/geofence-editor';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';

/** Operator: the pickup locations — list, add, edit, archive (refused while a vehicle calls one home). */
export function OperatorLocationsPage() {
  const [showArchived, setShowArchived] = useState(false);
  // A location's id, 'new' for the add form, null when nothing is being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const locations = useLocations(showArchived);
  const create = useCreateLocation();

  return (
    <section className="section" aria-labelledby="ops-locations">
      <div className="section-head">
        <h1 id="ops-locations">Pickup locations</h1>
        {editing !== 'new' && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              create.reset();
              setEditing('new');
            }}
          >
            Add location
          </button>
        )}
      </div>
      {editing === 'new' && (
        <div className="narrow">
          <h2>New location</h2>
          <LocationForm
            initial={emptyLocationValues()}
            submitLabel="Add location"
            submitting={create.isPending}
            error={create.error}
            onSubmit={(values) => {
              create.mutate(toLocationBody(values), {
                onSuccess: () => {
                  setEditing(null);
                },
              });
            }}
            onCancel={() => {
              setEditing(null);
            }}
          />
        </div>
      )}
      <label className="inline-select">
        <input
          type="checkbox"
          checked={showArchived}
          onChange={(e) => {
            setShowArchived(e.target.checked);
          }}
        />{' '}
        <span>Show archived</span>
      </label>
      {locations.isPending && <Loading label="Loading the locations…" />}
      {locations.isError && <ErrorNotice error={locations.error} />}
      {locations.data?.items.length === 0 && (
        <EmptyState title="No pickup locations yet">
          <p className="muted">Add where renters collect and return cars, then give each vehicle its home.</p>
        </EmptyState>
      )}
      {locations.data && locations.data.items.length > 0 && (
        <ul className="rows" aria-label="Pickup locations">
          {locations.data.items.map((l) =>
            editing === l.id ? (
              <li key={l.id} className="row">
                <EditLocation
                  location={l}
                  onDone={() => {
                    setEditing(null);
                  }}
                />
              </li>
            ) : (
              <LocationRow
                key={l.id}
                location={l}
                onEdit={() => {
                  setEditing(l.id);
                }}
              />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

function LocationRow({ location: l, onEdit }: { location: Location; onEdit: () => void }) {
  const archive = useArchiveLocation();
  const [asking, setAsking] = useState(false);
  const cars = l.vehicleIds.length;
  return (
    <li className="row">
      <LocationMap coordinates={l.coordinates} name={l.name} thumbnail />
      <div className="row-main">
        <p className="row-title">{l.name}</p>
        <p className="muted location-row-address">
          {l.address.lines.join(', ')}, {l.address.city}
          {l.address.region ? `, ${l.address.region}` : ''} · {l.timeZone.replace(/_/g, ' ')}
        </p>
        <p className="muted small">
          {cars === 0 ? 'No vehicles' : `${String(cars)} ${cars === 1 ? 'vehicle' : 'vehicles'}`}
          {l.phone ? ` · ${l.phone}` : ''}
        </p>
        {archive.isError && <ErrorNotice error={archive.error} />}
      </div>
      <div className="row-side">
        {l.archivedAt ? (
          <Pill tone="muted">Archived</Pill>
        ) : asking ? (
          <>
            <button
              type="button"
              className="button button-small button-danger"
              disabled={archive.isPending}
              onClick={() => {
                archive.mutate(l.id, {
                  onSettled: () => {
                    setAsking(false);
                  },
                });
              }}
            >
              Yes, archive<span className="visually-hidden"> {l.name}</span>
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setAsking(false);
              }}
            >
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-small" onClick={onEdit}>
              Edit<span className="visually-hidden"> {l.name}</span>
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                archive.reset();
                setAsking(true);
              }}
            >
              Archive<span className="visually-hidden"> {l.name}</span>
            </button>
          </>
        )}
      </div>
      {!l.archivedAt && (
        <GeofenceEditor
          scope="location"
          id={l.id}
          name={l.name}
          centre={{ latitude: l.coordinates.lat, longitude: l.coordinates.lng }}
        />
      )}
    </li>
  );
}

function EditLocation({ location, onDone }: { location: Location; onDone: () => void }) {
  const update = useUpdateLocation();
  return (
    <div className="row-main">
      <h2>Edit {location.name}</h2>
      <LocationForm
        initial={locationValuesOf(location)}
        submitLabel="Save"
        submitting={update.isPending}
        error={update.error}
        onSubmit={(values) => {
          update.mutate({ id: location.id, body: toLocationBody(values) }, { onSuccess: onDone });
        }}
        onCancel={onDone}
      />
    </div>
  );
}
