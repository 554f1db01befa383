import { useId, useState } from 'react';
import type { VehicleCommandEntry, VehicleCommandRequest } from '@cybertacotruck/contracts';
import { ErrorNotice, Pill } from '../../../components/status';
import { useCommandLog, useSendCommand } from '../api/vehicle-commands';

const usd = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(3)}` : `$${n.toFixed(2)}`);
const when = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

const LABELS: Record<string, string> = {
  lock: 'Lock',
  unlock: 'Unlock',
  flash: 'Flash lights',
  honk: 'Honk',
  wake: 'Wake',
  charge_start: 'Start charging',
  charge_stop: 'Stop charging',
  set_charge_limit: 'Set charge limit',
  climate_on: 'Climate on',
  climate_off: 'Climate off',
  speed_limit_set_limit: 'Set speed limit',
  speed_limit_activate: 'Speed limit on',
  speed_limit_deactivate: 'Speed limit off',
  speed_limit_clear_pin: 'Clear speed limit PIN',
};

const SIMPLE: Array<VehicleCommandRequest['command']> = [
  'lock',
  'unlock',
  'flash',
  'honk',
  'climate_on',
  'climate_off',
  'charge_start',
  'charge_stop',
];

const who = (e: VehicleCommandEntry) =>
  e.actor.kind === 'operator' ? 'Operator' : e.actor.kind === 'renter' ? 'Renter' : 'The app';

/**
 * The operator's controls for one car: lock, unlock, flash, honk, climate, charging, the charge
 * limit and wake (which costs a wake, so it asks first), and the car's command log.
 */
export function VehicleCommands({ vehicleId, vehicleName }: { vehicleId: string; vehicleName: string }) {
  const send = useSendCommand(vehicleId);
  const log = useCommandLog(vehicleId);
  const [confirmWake, setConfirmWake] = useState(false);
  const [percent, setPercent] = useState('80');
  const limitId = useId();
  const wakeCost = log.data?.wakeCostUsd ?? 0.02;
  const last = send.data;
  const run = (body: VehicleCommandRequest) => {
    send.mutate(body);
  };
  const limit = Number(percent);
  const limitValid = Number.isInteger(limit) && limit >= 50 && limit <= 100;

  return (
    <section className="vehicle-commands" aria-labelledby={`${limitId}-heading`}>
      <h2 className="subheading" id={`${limitId}-heading`}>
        Commands
      </h2>
      <p className="muted small">
        Sent signed through Tesla’s proxy. An asleep car is woken once first (about {usd(wakeCost)}).
      </p>
      <div className="button-row command-grid">
        {SIMPLE.map((command) => (
          <button
            key={command}
            type="button"
            className="button"
            disabled={send.isPending}
            aria-label={`${LABELS[command] ?? command}: ${vehicleName}`}
            onClick={() => {
              run({ command });
            }}
          >
            {LABELS[command] ?? command}
          </button>
        ))}
      </div>
      <form
        className="command-limit"
        onSubmit={(e) => {
          e.preventDefault();
          if (limitValid) run({ command: 'set_charge_limit', percent: limit });
        }}
      >
        <div className="field">
          <label htmlFor={limitId}>Charge limit (%)</label>
          <input
            id={limitId}
            type="number"
            inputMode="numeric"
            min={50}
            max={100}
            step={1}
            value={percent}
            aria-invalid={!limitValid}
            aria-describedby={limitValid ? undefined : `${limitId}-error`}
            onChange={(e) => {
              setPercent(e.target.value);
            }}
          />
        </div>
        <button type="submit" className="button" disabled={send.isPending || !limitValid}>
          Set charge limit
        </button>
        {!limitValid && (
          <p className="field-error" id={`${limitId}-error`}>
            A whole number from 50 to 100.
          </p>
        )}
      </form>
      <div className="command-wake">
        {confirmWake ? (
          <div role="group" aria-label="Confirm wake" className="button-row">
            <p className="small">
              Waking {vehicleName} costs about {usd(wakeCost)} and some battery.
            </p>
            <button
              type="button"
              className="button button-primary"
              disabled={send.isPending}
              onClick={() => {
                setConfirmWake(false);
                run({ command: 'wake' });
              }}
            >
              Wake for {usd(wakeCost)}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirmWake(false);
              }}
            >
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="button"
            disabled={send.isPending}
            onClick={() => {
              setConfirmWake(true);
            }}
          >
            Wake… (about {usd(wakeCost)})
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" className="command-result">
        {send.isPending && <p className="muted small">Sending…</p>}
        {last && (
          <p className="small">
            {LABELS[last.command] ?? last.command}: {resultText(last)}
          </p>
        )}
      </div>
      {send.isError && <ErrorNotice error={send.error} />}

      <h2 className="subheading">Command log</h2>
      {log.isError && <ErrorNotice error={log.error} />}
      {log.data && log.data.items.length === 0 && (
        <p className="muted small">No commands sent to this car yet.</p>
      )}
      {log.data && log.data.items.length > 0 && (
        <ul className="rows command-log" aria-label={`Command log of ${vehicleName}`}>
          {log.data.items.map((e) => (
            <li key={e.id} className="row">
              <div className="row-side">
                <span className="row-title">{LABELS[e.command] ?? e.command}</span>
                <Pill tone={e.result === 'ok' ? 'ok' : e.result === 'refused' ? 'warn' : 'muted'}>
                  {e.result === 'ok' ? 'Done' : e.result === 'refused' ? 'Refused' : 'Failed'}
                </Pill>
              </div>
              <span className="muted small">
                {when.format(new Date(e.at))} · {who(e)} · {usd(e.costUsd)}
                {e.woke ? ' · woke the car' : ''}
                {e.reason ? ` · ${e.reason}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function resultText(e: VehicleCommandEntry): string {
  const cost = `${usd(e.costUsd)}${e.woke ? ', woke the car' : ''}`;
  if (e.result === 'ok') return `done (${cost})`;
  if (e.result === 'refused') return `refused: ${e.reason || 'the car said no'} (${cost})`;
  return `failed: ${e.reason} (${cost})`;
}
