import type { Language, ReturnCharge, VehicleReadings } from '@cybertacotruck/contracts';
import type { Copy, Vars } from './catalog';
import { formatMoney } from './format';

/** What a receipt is written from: the `returned` event's readings and charges. */
export interface ReceiptData {
  charges: ReturnCharge[];
  totalMinor: number;
  currency: string;
  readings: VehicleReadings;
  pickupReadings: VehicleReadings | null;
}

interface ReceiptWords {
  readings: string;
  pickup: string;
  returned: string;
  odometer: string;
  charge: string;
  range: string;
  tyres: string;
  locked: string;
  yes: string;
  no: string;
  unknown: string;
  charges: string;
  none: string;
  total: string;
  dispute: string;
  kinds: Record<ReturnCharge['kind'], (quantity: string, rate: string) => string>;
}

const WORDS: Record<Language, ReceiptWords> = {
  en: {
    readings: 'Readings',
    pickup: 'at pick-up',
    returned: 'at return',
    odometer: 'Odometer',
    charge: 'Charge',
    range: 'Range',
    tyres: 'Tyre pressures (bar)',
    locked: 'Locked',
    yes: 'yes',
    no: 'no',
    unknown: 'not reported',
    charges: 'Charges',
    none: 'No charges: thank you for returning the car as agreed.',
    total: 'Total charged',
    dispute: 'Something wrong? Open the reservation and tap “Dispute” to tell us.',
    kinds: {
      distance: (q, r) => `Distance over the allowance: ${q} km × ${r}`,
      charge: (q, r) => `Charge below the pick-up level: ${q} points × ${r}`,
      late: (q, r) => `Late return: ${q} started hours × ${r}`,
    },
  },
  es: {
    readings: 'Lecturas',
    pickup: 'en la recogida',
    returned: 'en la devolución',
    odometer: 'Cuentakilómetros',
    charge: 'Carga',
    range: 'Autonomía',
    tyres: 'Presión de neumáticos (bar)',
    locked: 'Cerrado',
    yes: 'sí',
    no: 'no',
    unknown: 'sin dato',
    charges: 'Cargos',
    none: 'Sin cargos: gracias por devolver el coche como acordamos.',
    total: 'Total cobrado',
    dispute: '¿Algo no cuadra? Abre la reserva y pulsa «Reclamar» para decírnoslo.',
    kinds: {
      distance: (q, r) => `Distancia por encima de la incluida: ${q} km × ${r}`,
      charge: (q, r) => `Carga por debajo del nivel de recogida: ${q} puntos × ${r}`,
      late: (q, r) => `Devolución tardía: ${q} horas empezadas × ${r}`,
    },
  },
  fr: {
    readings: 'Relevés',
    pickup: 'au départ',
    returned: 'au retour',
    odometer: 'Compteur',
    charge: 'Charge',
    range: 'Autonomie',
    tyres: 'Pression des pneus (bar)',
    locked: 'Verrouillée',
    yes: 'oui',
    no: 'non',
    unknown: 'non relevé',
    charges: 'Frais',
    none: 'Aucun frais : merci d’avoir rendu la voiture comme convenu.',
    total: 'Total facturé',
    dispute: 'Un problème ? Ouvrez la réservation et touchez « Contester » pour nous le dire.',
    kinds: {
      distance: (q, r) => `Distance au-delà du forfait : ${q} km × ${r}`,
      charge: (q, r) => `Charge sous le niveau du départ : ${q} points × ${r}`,
      late: (q, r) => `Retour en retard : ${q} heures entamées × ${r}`,
    },
  },
  de: {
    readings: 'Messwerte',
    pickup: 'bei Abholung',
    returned: 'bei Rückgabe',
    odometer: 'Kilometerstand',
    charge: 'Ladestand',
    range: 'Reichweite',
    tyres: 'Reifendruck (bar)',
    locked: 'Verriegelt',
    yes: 'ja',
    no: 'nein',
    unknown: 'nicht gemeldet',
    charges: 'Gebühren',
    none: 'Keine Gebühren: Danke, dass Sie das Auto wie vereinbart zurückgegeben haben.',
    total: 'Insgesamt berechnet',
    dispute: 'Stimmt etwas nicht? Öffnen Sie die Reservierung und tippen Sie auf „Einspruch“.',
    kinds: {
      distance: (q, r) => `Strecke über dem Inklusivkontingent: ${q} km × ${r}`,
      charge: (q, r) => `Ladestand unter dem bei Abholung: ${q} Punkte × ${r}`,
      late: (q, r) => `Verspätete Rückgabe: ${q} angefangene Stunden × ${r}`,
    },
  },
};

/** The receipt's e-mail lines after its opening: readings at pick-up and return, each charge, the total. */
export function receiptLines(r: ReceiptData, language: Language): string[] {
  const w = WORDS[language];
  const number = (n: number, digits = 1) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(n);
  const money = (minor: number) => formatMoney(minor, r.currency, language);
  const reading = (x: VehicleReadings | null) => {
    if (!x) return w.unknown;
    const tyres = x.tyrePressureBar
      ? [x.tyrePressureBar.fl, x.tyrePressureBar.fr, x.tyrePressureBar.rl, x.tyrePressureBar.rr]
          .map((p) => (p === null ? '?' : number(p, 2)))
          .join(' / ')
      : w.unknown;
    return [
      `${w.odometer} ${x.odometerKm === null ? w.unknown : `${number(x.odometerKm)} km`}`,
      `${w.charge} ${x.chargePercent === null ? w.unknown : `${number(x.chargePercent, 0)} %`}`,
      `${w.range} ${x.rangeKm === null ? w.unknown : `${number(x.rangeKm, 0)} km`}`,
      `${w.tyres} ${tyres}`,
      `${w.locked} ${x.locked === null ? w.unknown : x.locked ? w.yes : w.no}`,
    ].join(', ');
  };
  return [
    `${w.readings} ${w.pickup}: ${reading(r.pickupReadings)}.`,
    `${w.readings} ${w.returned}: ${reading(r.readings)}.`,
    ...(r.charges.length === 0
      ? [w.none]
      : [
          `${w.charges}:`,
          ...r.charges.map(
            (c) =>
              `• ${w.kinds[c.kind](number(c.quantity, 1), money(c.rateMinor))} = ${money(c.amountMinor)}`,
          ),
          `${w.total}: ${money(r.totalMinor)}.`,
        ]),
    w.dispute,
  ];
}

/** The receipt's subject, SMS and opening line (`v.total` is the charges' total here). */
export const RENTAL_MESSAGES: Record<Language, Record<'rental_receipt', (v: Vars) => Copy>> = {
  en: {
    rental_receipt: (v) => ({
      subject: `Your receipt for ${v.vehicle}`,
      sms: `cybertacotruck: ${v.vehicle} is returned. Charges at return: ${v.total}. The receipt with the readings is in your e-mail and in the app.`,
      lines: [`Thank you: ${v.vehicle} is returned. Here is your receipt.`],
    }),
  },
  es: {
    rental_receipt: (v) => ({
      subject: `Tu recibo de ${v.vehicle}`,
      sms: `cybertacotruck: ${v.vehicle} está devuelto. Cargos en la devolución: ${v.total}. El recibo con las lecturas está en tu correo y en la app.`,
      lines: [`Gracias: ${v.vehicle} está devuelto. Este es tu recibo.`],
    }),
  },
  fr: {
    rental_receipt: (v) => ({
      subject: `Votre reçu pour ${v.vehicle}`,
      sms: `cybertacotruck : ${v.vehicle} est rendue. Frais au retour : ${v.total}. Le reçu avec les relevés est dans votre e-mail et dans l’app.`,
      lines: [`Merci : ${v.vehicle} est rendue. Voici votre reçu.`],
    }),
  },
  de: {
    rental_receipt: (v) => ({
      subject: `Ihre Quittung für ${v.vehicle}`,
      sms: `cybertacotruck: ${v.vehicle} ist zurückgegeben. Gebühren bei Rückgabe: ${v.total}. Die Quittung mit den Messwerten finden Sie in Ihrer E-Mail und in der App.`,
      lines: [`Danke: ${v.vehicle} ist zurückgegeben. Hier ist Ihre Quittung.`],
    }),
  },
};
