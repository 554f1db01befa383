import type { Language, NotificationTemplate } from '@cybertacotruck/contracts';
import { ACCOUNT_MESSAGES } from './account-catalog';
import { RENTAL_ACCESS_MESSAGES } from './rental-catalog';
import { RENTAL_MESSAGES } from './receipt-copy';

/** Values a message is written with, already formatted for the reader's language and time zone. */
export interface Vars {
  name: string;
  vehicle: string;
  from: string;
  to: string;
  total: string;
  freeUntil: string;
  battery: string;
  cancelledBy: 'customer' | 'operator';
  reason: string;
  /** Invitation and reset SMS: the marks the sender fills in, and how long the link or code is valid. */
  link: string;
  code: string;
  validFor: string;
  /** Phone changed: the last 4 digits of the new number. */
  phoneEnd: string;
  /** Password changed: how many other sessions were signed out. */
  sessionsEnded: number;
  /** Charge-at-risk alerts: the charge projected at pickup, the target, and whether it is plugged in. */
  projected: string;
  target: string;
  pluggedIn: boolean;
}

/** One message in one language: the e-mail subject, the SMS text and the e-mail's paragraphs. */
export interface Copy {
  subject: string;
  sms: string;
  lines: string[];
}

type Catalog = Record<NotificationTemplate, (v: Vars) => Copy>;

/** How a message about a booking says where the car is collected. */
export interface PickupWords {
  /** Before the place's name and address, e.g. "Pick-up at". */
  at: string;
  directions: string;
  instructions: string;
  /** Whom to call: the location's phone. */
  contact: string;
}

export interface LanguagePack {
  greeting: (name: string) => string;
  footer: string;
  open: string;
  pickup: PickupWords;
  messages: Catalog;
}

const en: LanguagePack = {
  greeting: (name) => `Hi ${name},`,
  footer: 'You receive this message because of your notification settings; change them in your account.',
  open: 'Open cybertacotruck',
  pickup: {
    at: 'Pick-up at',
    directions: 'Directions',
    instructions: 'How to find the car',
    contact: 'Questions? Call',
  },
  messages: {
    ...ACCOUNT_MESSAGES.en,
    ...RENTAL_MESSAGES.en,
    ...RENTAL_ACCESS_MESSAGES.en,
    reservation_confirmed: (v) => ({
      subject: `Your ${v.vehicle} is booked`,
      sms: `cybertacotruck: ${v.vehicle} is booked from ${v.from} to ${v.to}. Total ${v.total}. Free cancellation until ${v.freeUntil}.`,
      lines: [
        `Your reservation is confirmed: ${v.vehicle}, from ${v.from} to ${v.to}.`,
        `Total due: ${v.total}.`,
        `You can cancel free of charge until ${v.freeUntil}.`,
      ],
    }),
    reservation_cancelled: (v) => ({
      subject: `Reservation cancelled: ${v.vehicle}`,
      sms: `cybertacotruck: your reservation of ${v.vehicle} from ${v.from} was cancelled${v.cancelledBy === 'operator' ? ' by our team' : ''}.${v.reason ? ` Reason: ${v.reason}` : ''}`,
      lines: [
        `Your reservation of ${v.vehicle} from ${v.from} to ${v.to} was cancelled${v.cancelledBy === 'operator' ? ' by our team' : ''}.`,
        ...(v.reason ? [`Reason: ${v.reason}`] : []),
        'The vehicle is no longer held for you.',
      ],
    }),
    reservation_expired: (v) => ({
      subject: `Your hold on ${v.vehicle} has lapsed`,
      sms: `cybertacotruck: your hold on ${v.vehicle} for ${v.from} lapsed before the terms were accepted. Reserve again any time.`,
      lines: [
        `Your hold on ${v.vehicle} for ${v.from} to ${v.to} lapsed before the terms were accepted, so nothing was booked.`,
        'You can reserve again any time.',
      ],
    }),
    reservation_moved: (v) => ({
      subject: `Your booking has moved: ${v.vehicle}, ${v.from}`,
      sms: `cybertacotruck: your booking has moved. Now ${v.vehicle} from ${v.from} to ${v.to}; same price. Free cancellation until ${v.freeUntil}.`,
      lines: [
        `Our team moved your booking. It is now ${v.vehicle}, from ${v.from} to ${v.to}.`,
        'The price and the number of rental days stay the same.',
        `You can cancel free of charge until ${v.freeUntil}.`,
      ],
    }),
    reminder_24h: (v) => ({
      subject: `Tomorrow: pick up your ${v.vehicle}`,
      sms: `cybertacotruck reminder: you pick up ${v.vehicle} ${v.from}. Return by ${v.to}.`,
      lines: [`A reminder: you pick up ${v.vehicle} ${v.from}.`, `Please return it by ${v.to}.`],
    }),
    reminder_1h: (v) => ({
      subject: `In one hour: pick up your ${v.vehicle}`,
      sms: `cybertacotruck: your ${v.vehicle} is ready for pickup in one hour (${v.from}).`,
      lines: [
        `Your ${v.vehicle} is ready for pickup in one hour, ${v.from}.`,
        `Please return it by ${v.to}.`,
      ],
    }),
    licence_approved: () => ({
      subject: 'Your driver’s licence is approved',
      sms: 'cybertacotruck: your driver’s licence is approved. You can now confirm your reservations.',
      lines: ['Your driver’s licence is approved.', 'You can now confirm your reservations.'],
    }),
    licence_rejected: (v) => ({
      subject: 'Your driver’s licence was not approved',
      sms: `cybertacotruck: your driver’s licence was not approved. Reason: ${v.reason} Send it again from your account.`,
      lines: [
        'Your driver’s licence was not approved.',
        `Reason: ${v.reason}`,
        'Send it again from your account (Account → Driver’s licence).',
      ],
    }),
    welcome: (v) => ({
      subject: `Welcome to cybertacotruck, ${v.name}`,
      sms: `Welcome to cybertacotruck, ${v.name}! Your account is ready: browse the fleet and reserve in a few taps.`,
      lines: ['Your account is ready.', 'Browse the fleet, pick your dates and reserve in a few taps.'],
    }),
    alert_low_charge: (v) => ({
      subject: `Low charge: ${v.vehicle} at ${v.battery} before a pickup`,
      sms: `Alert: ${v.vehicle} is at ${v.battery} with a pickup ${v.from}. Charge it before then.`,
      lines: [`${v.vehicle} is at ${v.battery} and is picked up ${v.from}.`, 'Charge it before then.'],
    }),
    alert_offline: (v) => ({
      subject: `Offline during a rental: ${v.vehicle}`,
      sms: `Alert: ${v.vehicle} went offline during a rental (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} went offline while it is on rental (${v.from} – ${v.to}).`,
        'Check on the vehicle and the customer.',
      ],
    }),
    alert_telemetry_lost: (v) => ({
      subject: `Telemetry lost during a rental: ${v.vehicle}`,
      sms: `Alert: ${v.vehicle} stopped sending telemetry during a rental (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} stopped sending telemetry while it is on rental (${v.from} – ${v.to}).`,
        'Check on the vehicle and the customer.',
      ],
    }),
    alert_booking_lost: (v) => ({
      subject: `Booking lost: ${v.vehicle} (${v.from} – ${v.to})`,
      sms: `Alert: a confirmed reservation of ${v.vehicle} (${v.from} – ${v.to}) is no longer held in the calendar and could not be booked again. Act now.`,
      lines: [
        `A confirmed reservation of ${v.vehicle} (${v.from} – ${v.to}) is no longer held in the vehicle calendar, and the car could not be booked for it again.`,
        'Offer the customer another car or contact them before pickup.',
      ],
    }),
  },
};

const es: LanguagePack = {
  greeting: (name) => `Hola, ${name}:`,
  footer: 'Recibes este mensaje según tus preferencias de notificación; puedes cambiarlas en tu cuenta.',
  open: 'Abrir cybertacotruck',
  pickup: {
    at: 'Recogida en',
    directions: 'Cómo llegar',
    instructions: 'Cómo encontrar el coche',
    contact: '¿Dudas? Llama al',
  },
  messages: {
    ...ACCOUNT_MESSAGES.es,
    ...RENTAL_MESSAGES.es,
    ...RENTAL_ACCESS_MESSAGES.es,
    reservation_confirmed: (v) => ({
      subject: `Tu ${v.vehicle} está reservado`,
      sms: `cybertacotruck: ${v.vehicle} reservado del ${v.from} al ${v.to}. Total ${v.total}. Cancelación gratuita hasta el ${v.freeUntil}.`,
      lines: [
        `Tu reserva está confirmada: ${v.vehicle}, del ${v.from} al ${v.to}.`,
        `Total a pagar: ${v.total}.`,
        `Puedes cancelar sin coste hasta el ${v.freeUntil}.`,
      ],
    }),
    reservation_cancelled: (v) => ({
      subject: `Reserva cancelada: ${v.vehicle}`,
      sms: `cybertacotruck: tu reserva de ${v.vehicle} del ${v.from} ha sido cancelada${v.cancelledBy === 'operator' ? ' por nuestro equipo' : ''}.${v.reason ? ` Motivo: ${v.reason}` : ''}`,
      lines: [
        `Tu reserva de ${v.vehicle} del ${v.from} al ${v.to} ha sido cancelada${v.cancelledBy === 'operator' ? ' por nuestro equipo' : ''}.`,
        ...(v.reason ? [`Motivo: ${v.reason}`] : []),
        'El vehículo ya no está reservado para ti.',
      ],
    }),
    reservation_expired: (v) => ({
      subject: `Tu bloqueo de ${v.vehicle} ha caducado`,
      sms: `cybertacotruck: tu bloqueo de ${v.vehicle} para el ${v.from} caducó antes de aceptar las condiciones. Puedes reservar de nuevo cuando quieras.`,
      lines: [
        `Tu bloqueo de ${v.vehicle} del ${v.from} al ${v.to} caducó antes de aceptar las condiciones, así que no se reservó nada.`,
        'Puedes reservar de nuevo cuando quieras.',
      ],
    }),
    reservation_moved: (v) => ({
      subject: `Tu reserva ha cambiado: ${v.vehicle}, ${v.from}`,
      sms: `cybertacotruck: tu reserva ha cambiado. Ahora ${v.vehicle} del ${v.from} al ${v.to}; mismo precio. Cancelación gratuita hasta el ${v.freeUntil}.`,
      lines: [
        `Nuestro equipo ha cambiado tu reserva. Ahora es ${v.vehicle}, del ${v.from} al ${v.to}.`,
        'El precio y el número de días de alquiler no cambian.',
        `Puedes cancelar sin coste hasta el ${v.freeUntil}.`,
      ],
    }),
    reminder_24h: (v) => ({
      subject: `Mañana: recoge tu ${v.vehicle}`,
      sms: `Recordatorio de cybertacotruck: recoges ${v.vehicle} el ${v.from}. Devolución antes del ${v.to}.`,
      lines: [`Un recordatorio: recoges ${v.vehicle} el ${v.from}.`, `Devuélvelo antes del ${v.to}.`],
    }),
    reminder_1h: (v) => ({
      subject: `En una hora: recoge tu ${v.vehicle}`,
      sms: `cybertacotruck: tu ${v.vehicle} estará listo para recoger en una hora (${v.from}).`,
      lines: [
        `Tu ${v.vehicle} estará listo para recoger en una hora, el ${v.from}.`,
        `Devuélvelo antes del ${v.to}.`,
      ],
    }),
    licence_approved: () => ({
      subject: 'Tu permiso de conducir está aprobado',
      sms: 'cybertacotruck: tu permiso de conducir está aprobado. Ya puedes confirmar tus reservas.',
      lines: ['Tu permiso de conducir está aprobado.', 'Ya puedes confirmar tus reservas.'],
    }),
    licence_rejected: (v) => ({
      subject: 'Tu permiso de conducir no ha sido aprobado',
      sms: `cybertacotruck: tu permiso de conducir no ha sido aprobado. Motivo: ${v.reason} Envíalo de nuevo desde tu cuenta.`,
      lines: [
        'Tu permiso de conducir no ha sido aprobado.',
        `Motivo: ${v.reason}`,
        'Envíalo de nuevo desde tu cuenta (Cuenta → Permiso de conducir).',
      ],
    }),
    welcome: (v) => ({
      subject: `Te damos la bienvenida a cybertacotruck, ${v.name}`,
      sms: `¡Bienvenido/a a cybertacotruck, ${v.name}! Tu cuenta está lista: explora la flota y reserva en unos pocos pasos.`,
      lines: ['Tu cuenta está lista.', 'Explora la flota, elige tus fechas y reserva en unos pocos pasos.'],
    }),
    alert_low_charge: (v) => ({
      subject: `Carga baja: ${v.vehicle} al ${v.battery} antes de una recogida`,
      sms: `Alerta: ${v.vehicle} está al ${v.battery} y se recoge el ${v.from}. Cárgalo antes.`,
      lines: [`${v.vehicle} está al ${v.battery} y se recoge el ${v.from}.`, 'Cárgalo antes de esa hora.'],
    }),
    alert_offline: (v) => ({
      subject: `Sin conexión durante un alquiler: ${v.vehicle}`,
      sms: `Alerta: ${v.vehicle} se ha desconectado durante un alquiler (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} se ha desconectado mientras está alquilado (${v.from} – ${v.to}).`,
        'Comprueba el vehículo y contacta con el cliente.',
      ],
    }),
    alert_telemetry_lost: (v) => ({
      subject: `Telemetría perdida durante un alquiler: ${v.vehicle}`,
      sms: `Alerta: ${v.vehicle} ha dejado de enviar telemetría durante un alquiler (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} ha dejado de enviar telemetría mientras está alquilado (${v.from} – ${v.to}).`,
        'Comprueba el vehículo y contacta con el cliente.',
      ],
    }),
    alert_booking_lost: (v) => ({
      subject: `Reserva sin vehículo: ${v.vehicle} (${v.from} – ${v.to})`,
      sms: `Alerta: una reserva confirmada de ${v.vehicle} (${v.from} – ${v.to}) ya no está en el calendario y no se pudo volver a reservar. Actúa ahora.`,
      lines: [
        `Una reserva confirmada de ${v.vehicle} (${v.from} – ${v.to}) ya no está en el calendario del vehículo y no se pudo volver a reservar.`,
        'Ofrece otro vehículo al cliente o contacta con él antes de la recogida.',
      ],
    }),
  },
};

const fr: LanguagePack = {
  greeting: (name) => `Bonjour ${name},`,
  footer:
    'Vous recevez ce message selon vos préférences de notification ; vous pouvez les modifier dans votre compte.',
  open: 'Ouvrir cybertacotruck',
  pickup: {
    at: 'Retrait à',
    directions: 'Itinéraire',
    instructions: 'Comment trouver la voiture',
    contact: 'Des questions ? Appelez le',
  },
  messages: {
    ...ACCOUNT_MESSAGES.fr,
    ...RENTAL_MESSAGES.fr,
    ...RENTAL_ACCESS_MESSAGES.fr,
    reservation_confirmed: (v) => ({
      subject: `Votre ${v.vehicle} est réservé`,
      sms: `cybertacotruck : ${v.vehicle} réservé du ${v.from} au ${v.to}. Total ${v.total}. Annulation gratuite jusqu’au ${v.freeUntil}.`,
      lines: [
        `Votre réservation est confirmée : ${v.vehicle}, du ${v.from} au ${v.to}.`,
        `Montant total : ${v.total}.`,
        `Vous pouvez annuler sans frais jusqu’au ${v.freeUntil}.`,
      ],
    }),
    reservation_cancelled: (v) => ({
      subject: `Réservation annulée : ${v.vehicle}`,
      sms: `cybertacotruck : votre réservation de ${v.vehicle} du ${v.from} a été annulée${v.cancelledBy === 'operator' ? ' par notre équipe' : ''}.${v.reason ? ` Motif : ${v.reason}` : ''}`,
      lines: [
        `Votre réservation de ${v.vehicle} du ${v.from} au ${v.to} a été annulée${v.cancelledBy === 'operator' ? ' par notre équipe' : ''}.`,
        ...(v.reason ? [`Motif : ${v.reason}`] : []),
        'Le véhicule n’est plus réservé pour vous.',
      ],
    }),
    reservation_expired: (v) => ({
      subject: `Votre option sur ${v.vehicle} a expiré`,
      sms: `cybertacotruck : votre option sur ${v.vehicle} pour le ${v.from} a expiré avant l’acceptation des conditions. Vous pouvez réserver à nouveau à tout moment.`,
      lines: [
        `Votre option sur ${v.vehicle} du ${v.from} au ${v.to} a expiré avant l’acceptation des conditions : rien n’a été réservé.`,
        'Vous pouvez réserver à nouveau à tout moment.',
      ],
    }),
    reservation_moved: (v) => ({
      subject: `Votre réservation a changé : ${v.vehicle}, ${v.from}`,
      sms: `cybertacotruck : votre réservation a changé. Désormais ${v.vehicle} du ${v.from} au ${v.to} ; même prix. Annulation gratuite jusqu’au ${v.freeUntil}.`,
      lines: [
        `Notre équipe a déplacé votre réservation. C’est désormais ${v.vehicle}, du ${v.from} au ${v.to}.`,
        'Le prix et le nombre de jours de location restent les mêmes.',
        `Vous pouvez annuler sans frais jusqu’au ${v.freeUntil}.`,
      ],
    }),
    reminder_24h: (v) => ({
      subject: `Demain : retrait de votre ${v.vehicle}`,
      sms: `Rappel cybertacotruck : vous retirez ${v.vehicle} le ${v.from}. Retour avant le ${v.to}.`,
      lines: [`Un rappel : vous retirez ${v.vehicle} le ${v.from}.`, `Merci de le rendre avant le ${v.to}.`],
    }),
    reminder_1h: (v) => ({
      subject: `Dans une heure : retrait de votre ${v.vehicle}`,
      sms: `cybertacotruck : votre ${v.vehicle} sera prêt dans une heure (${v.from}).`,
      lines: [
        `Votre ${v.vehicle} sera prêt à être retiré dans une heure, le ${v.from}.`,
        `Merci de le rendre avant le ${v.to}.`,
      ],
    }),
    licence_approved: () => ({
      subject: 'Votre permis de conduire est approuvé',
      sms: 'cybertacotruck : votre permis de conduire est approuvé. Vous pouvez maintenant confirmer vos réservations.',
      lines: ['Votre permis de conduire est approuvé.', 'Vous pouvez maintenant confirmer vos réservations.'],
    }),
    licence_rejected: (v) => ({
      subject: 'Votre permis de conduire n’a pas été approuvé',
      sms: `cybertacotruck : votre permis de conduire n’a pas été approuvé. Motif : ${v.reason} Renvoyez-le depuis votre compte.`,
      lines: [
        'Votre permis de conduire n’a pas été approuvé.',
        `Motif : ${v.reason}`,
        'Renvoyez-le depuis votre compte (Compte → Permis de conduire).',
      ],
    }),
    welcome: (v) => ({
      subject: `Bienvenue chez cybertacotruck, ${v.name}`,
      sms: `Bienvenue chez cybertacotruck, ${v.name} ! Votre compte est prêt : parcourez la flotte et réservez en quelques gestes.`,
      lines: [
        'Votre compte est prêt.',
        'Parcourez la flotte, choisissez vos dates et réservez en quelques gestes.',
      ],
    }),
    alert_low_charge: (v) => ({
      subject: `Charge faible : ${v.vehicle} à ${v.battery} avant un retrait`,
      sms: `Alerte : ${v.vehicle} est à ${v.battery} et doit être retiré le ${v.from}. Rechargez-le avant.`,
      lines: [`${v.vehicle} est à ${v.battery} et doit être retiré le ${v.from}.`, 'Rechargez-le avant.'],
    }),
    alert_offline: (v) => ({
      subject: `Hors ligne pendant une location : ${v.vehicle}`,
      sms: `Alerte : ${v.vehicle} est hors ligne pendant une location (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} est passé hors ligne pendant une location (${v.from} – ${v.to}).`,
        'Vérifiez le véhicule et contactez le client.',
      ],
    }),
    alert_telemetry_lost: (v) => ({
      subject: `Télémétrie perdue pendant une location : ${v.vehicle}`,
      sms: `Alerte : ${v.vehicle} n’envoie plus de télémétrie pendant une location (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} n’envoie plus de télémétrie pendant une location (${v.from} – ${v.to}).`,
        'Vérifiez le véhicule et contactez le client.',
      ],
    }),
    alert_booking_lost: (v) => ({
      subject: `Réservation sans véhicule : ${v.vehicle} (${v.from} – ${v.to})`,
      sms: `Alerte : une réservation confirmée de ${v.vehicle} (${v.from} – ${v.to}) n’est plus au calendrier et n’a pas pu être reprise. Agissez maintenant.`,
      lines: [
        `Une réservation confirmée de ${v.vehicle} (${v.from} – ${v.to}) n’est plus au calendrier du véhicule et n’a pas pu être reprise.`,
        'Proposez un autre véhicule au client ou contactez-le avant la prise en charge.',
      ],
    }),
  },
};

const de: LanguagePack = {
  greeting: (name) => `Hallo ${name},`,
  footer:
    'Sie erhalten diese Nachricht gemäß Ihren Benachrichtigungseinstellungen; Sie können sie in Ihrem Konto ändern.',
  open: 'cybertacotruck öffnen',
  pickup: {
    at: 'Abholung bei',
    directions: 'Route',
    instructions: 'So finden Sie das Auto',
    contact: 'Fragen? Rufen Sie an:',
  },
  messages: {
    ...ACCOUNT_MESSAGES.de,
    ...RENTAL_MESSAGES.de,
    ...RENTAL_ACCESS_MESSAGES.de,
    reservation_confirmed: (v) => ({
      subject: `Ihr ${v.vehicle} ist gebucht`,
      sms: `cybertacotruck: ${v.vehicle} ist gebucht von ${v.from} bis ${v.to}. Gesamt ${v.total}. Kostenlos stornierbar bis ${v.freeUntil}.`,
      lines: [
        `Ihre Reservierung ist bestätigt: ${v.vehicle}, von ${v.from} bis ${v.to}.`,
        `Gesamtbetrag: ${v.total}.`,
        `Sie können bis ${v.freeUntil} kostenlos stornieren.`,
      ],
    }),
    reservation_cancelled: (v) => ({
      subject: `Reservierung storniert: ${v.vehicle}`,
      sms: `cybertacotruck: Ihre Reservierung von ${v.vehicle} ab ${v.from} wurde${v.cancelledBy === 'operator' ? ' von unserem Team' : ''} storniert.${v.reason ? ` Grund: ${v.reason}` : ''}`,
      lines: [
        `Ihre Reservierung von ${v.vehicle} von ${v.from} bis ${v.to} wurde${v.cancelledBy === 'operator' ? ' von unserem Team' : ''} storniert.`,
        ...(v.reason ? [`Grund: ${v.reason}`] : []),
        'Das Fahrzeug ist nicht mehr für Sie reserviert.',
      ],
    }),
    reservation_expired: (v) => ({
      subject: `Ihre Vormerkung für ${v.vehicle} ist abgelaufen`,
      sms: `cybertacotruck: Ihre Vormerkung für ${v.vehicle} ab ${v.from} ist abgelaufen, bevor die Bedingungen akzeptiert wurden. Sie können jederzeit neu reservieren.`,
      lines: [
        `Ihre Vormerkung für ${v.vehicle} von ${v.from} bis ${v.to} ist abgelaufen, bevor die Bedingungen akzeptiert wurden; es wurde nichts gebucht.`,
        'Sie können jederzeit neu reservieren.',
      ],
    }),
    reservation_moved: (v) => ({
      subject: `Ihre Buchung wurde verschoben: ${v.vehicle}, ${v.from}`,
      sms: `cybertacotruck: Ihre Buchung wurde verschoben. Jetzt ${v.vehicle} von ${v.from} bis ${v.to}; gleicher Preis. Kostenlose Stornierung bis ${v.freeUntil}.`,
      lines: [
        `Unser Team hat Ihre Buchung verschoben. Sie gilt jetzt für ${v.vehicle}, von ${v.from} bis ${v.to}.`,
        'Preis und Anzahl der Miettage bleiben gleich.',
        `Sie können bis ${v.freeUntil} kostenlos stornieren.`,
      ],
    }),
    reminder_24h: (v) => ({
      subject: `Morgen: Abholung Ihres ${v.vehicle}`,
      sms: `cybertacotruck-Erinnerung: Sie holen ${v.vehicle} am ${v.from} ab. Rückgabe bis ${v.to}.`,
      lines: [
        `Eine Erinnerung: Sie holen ${v.vehicle} am ${v.from} ab.`,
        `Bitte geben Sie es bis ${v.to} zurück.`,
      ],
    }),
    reminder_1h: (v) => ({
      subject: `In einer Stunde: Abholung Ihres ${v.vehicle}`,
      sms: `cybertacotruck: Ihr ${v.vehicle} steht in einer Stunde zur Abholung bereit (${v.from}).`,
      lines: [
        `Ihr ${v.vehicle} steht in einer Stunde zur Abholung bereit, am ${v.from}.`,
        `Bitte geben Sie es bis ${v.to} zurück.`,
      ],
    }),
    licence_approved: () => ({
      subject: 'Ihr Führerschein ist bestätigt',
      sms: 'cybertacotruck: Ihr Führerschein ist bestätigt. Sie können Ihre Reservierungen jetzt bestätigen.',
      lines: ['Ihr Führerschein ist bestätigt.', 'Sie können Ihre Reservierungen jetzt bestätigen.'],
    }),
    licence_rejected: (v) => ({
      subject: 'Ihr Führerschein wurde nicht bestätigt',
      sms: `cybertacotruck: Ihr Führerschein wurde nicht bestätigt. Grund: ${v.reason} Senden Sie ihn in Ihrem Konto erneut.`,
      lines: [
        'Ihr Führerschein wurde nicht bestätigt.',
        `Grund: ${v.reason}`,
        'Senden Sie ihn in Ihrem Konto erneut (Konto → Führerschein).',
      ],
    }),
    welcome: (v) => ({
      subject: `Willkommen bei cybertacotruck, ${v.name}`,
      sms: `Willkommen bei cybertacotruck, ${v.name}! Ihr Konto ist bereit: Flotte ansehen und mit wenigen Klicks reservieren.`,
      lines: [
        'Ihr Konto ist bereit.',
        'Sehen Sie sich die Flotte an, wählen Sie Ihre Daten und reservieren Sie mit wenigen Klicks.',
      ],
    }),
    alert_low_charge: (v) => ({
      subject: `Niedriger Ladestand: ${v.vehicle} bei ${v.battery} vor einer Abholung`,
      sms: `Warnung: ${v.vehicle} hat ${v.battery} Ladung, Abholung am ${v.from}. Bitte vorher laden.`,
      lines: [`${v.vehicle} hat ${v.battery} Ladung und wird am ${v.from} abgeholt.`, 'Bitte vorher laden.'],
    }),
    alert_offline: (v) => ({
      subject: `Offline während einer Miete: ${v.vehicle}`,
      sms: `Warnung: ${v.vehicle} ist während einer Miete offline gegangen (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} ist während einer Miete offline gegangen (${v.from} – ${v.to}).`,
        'Bitte Fahrzeug prüfen und den Kunden kontaktieren.',
      ],
    }),
    alert_telemetry_lost: (v) => ({
      subject: `Telemetrie verloren während einer Miete: ${v.vehicle}`,
      sms: `Warnung: ${v.vehicle} sendet während einer Miete keine Telemetrie mehr (${v.from} – ${v.to}).`,
      lines: [
        `${v.vehicle} sendet während einer Miete keine Telemetrie mehr (${v.from} – ${v.to}).`,
        'Bitte Fahrzeug prüfen und den Kunden kontaktieren.',
      ],
    }),
    alert_booking_lost: (v) => ({
      subject: `Buchung verloren: ${v.vehicle} (${v.from} – ${v.to})`,
      sms: `Warnung: Eine bestätigte Reservierung für ${v.vehicle} (${v.from} – ${v.to}) ist nicht mehr im Kalender und konnte nicht neu gebucht werden. Bitte sofort handeln.`,
      lines: [
        `Eine bestätigte Reservierung für ${v.vehicle} (${v.from} – ${v.to}) ist nicht mehr im Fahrzeugkalender und konnte nicht neu gebucht werden.`,
        'Bieten Sie dem Kunden ein anderes Fahrzeug an oder kontaktieren Sie ihn vor der Abholung.',
      ],
    }),
  },
};

export const LANGUAGE_PACKS: Record<Language, LanguagePack> = { en, es, fr, de };
