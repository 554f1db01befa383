import type { Language } from '@cybertacotruck/contracts';
import type { Copy, Vars } from './catalog';

/**
 * Messages of the renter's car access (inventory's rental-access module). The key message's SMS
 * carries Tesla's share link as the mark the sender fills in when it sends (sms-secrets.ts; the
 * link is never stored here); its e-mail carries no link to the car, only the way to the
 * reservation page, where the signed-in renter finds it. Operator alerts add inventory's detail.
 */
export type RentalAccessCatalog = Record<
  'rental_access' | 'alert_driver_limit' | 'alert_geofence_exit' | 'alert_charge_at_risk',
  (v: Vars) => Copy
>;

export const RENTAL_ACCESS_MESSAGES: Record<Language, RentalAccessCatalog> = {
  en: {
    rental_access: (v) => ({
      subject: `Your key to ${v.vehicle}`,
      sms: `cybertacotruck: your key to ${v.vehicle} (from ${v.from}): open ${v.link} on your phone to add the car to your Tesla app. Single use.`,
      lines: [
        `Your ${v.vehicle} is ready for you from ${v.from}.`,
        'Open your reservation in cybertacotruck on your phone and tap "Add the car to my Tesla app".',
        'From the start of your rental you can also unlock, lock and warm up the car from the reservation page.',
      ],
    }),
    alert_driver_limit: (v) => ({
      subject: `Cannot give the renter a key: ${v.vehicle} has five drivers`,
      sms: `Alert: ${v.vehicle} already has Tesla's five drivers; the renter (from ${v.from}) cannot get a key until one is removed.`,
      lines: [
        v.reason,
        'Remove a driver from the car in the Tesla app or account; the app retries on its own.',
      ],
    }),
    alert_geofence_exit: (v) => ({
      subject: `${v.vehicle} left its geofence`,
      sms: `Alert: rented car ${v.vehicle} left its geofence. ${v.reason}`,
      lines: [v.reason, 'Check the live map and contact the renter.'],
    }),
    alert_charge_at_risk: (v) => ({
      subject: `Not ready at pickup: ${v.vehicle} will have ${v.projected}, not ${v.target}`,
      sms: `Alert: ${v.vehicle} (now ${v.battery}, ${v.pluggedIn ? 'plugged in' : 'not plugged in'}) will have about ${v.projected} at its pickup ${v.from}, below the ${v.target} target. ${v.pluggedIn ? 'Swap cars or find a faster charger.' : 'Plug it in or swap cars.'}`,
      lines: [
        `${v.vehicle} is at ${v.battery} and ${v.pluggedIn ? 'plugged in' : 'not plugged in'}; at its pickup ${v.from} it will have about ${v.projected}, below the ${v.target} target.`,
        v.pluggedIn ? 'Swap cars or move it to a faster charger.' : 'Plug it in, or swap cars.',
      ],
    }),
  },
  es: {
    rental_access: (v) => ({
      subject: `Tu llave del ${v.vehicle}`,
      sms: `cybertacotruck: tu llave del ${v.vehicle} (desde ${v.from}): abre ${v.link} en tu móvil para añadir el coche a tu app de Tesla. Un solo uso.`,
      lines: [
        `Tu ${v.vehicle} te espera desde ${v.from}.`,
        'Abre tu reserva en cybertacotruck en el móvil y pulsa «Añadir el coche a mi app de Tesla».',
        'Desde el inicio del alquiler también puedes abrir, cerrar y climatizar el coche desde la página de la reserva.',
      ],
    }),
    alert_driver_limit: (v) => ({
      subject: `No se puede dar la llave: el ${v.vehicle} tiene cinco conductores`,
      sms: `Alerta: el ${v.vehicle} ya tiene los cinco conductores de Tesla; el cliente (desde ${v.from}) no tendrá llave hasta que se quite uno.`,
      lines: [
        v.reason,
        'Quita un conductor del coche en la app o la cuenta de Tesla; la app lo reintenta sola.',
      ],
    }),
    alert_geofence_exit: (v) => ({
      subject: `El ${v.vehicle} ha salido de su geovalla`,
      sms: `Alerta: el coche alquilado ${v.vehicle} ha salido de su geovalla. ${v.reason}`,
      lines: [v.reason, 'Mira el mapa en directo y contacta con el cliente.'],
    }),
    alert_charge_at_risk: (v) => ({
      subject: `No estará listo: el ${v.vehicle} tendrá ${v.projected}, no ${v.target}`,
      sms: `Alerta: el ${v.vehicle} (ahora ${v.battery}, ${v.pluggedIn ? 'enchufado' : 'sin enchufar'}) tendrá cerca del ${v.projected} en su recogida el ${v.from}, por debajo del ${v.target} previsto. ${v.pluggedIn ? 'Cambia de coche o busca un cargador más rápido.' : 'Enchúfalo o cambia de coche.'}`,
      lines: [
        `El ${v.vehicle} está al ${v.battery} y ${v.pluggedIn ? 'enchufado' : 'sin enchufar'}; en su recogida el ${v.from} tendrá cerca del ${v.projected}, por debajo del ${v.target} previsto.`,
        v.pluggedIn ? 'Cambia de coche o llévalo a un cargador más rápido.' : 'Enchúfalo o cambia de coche.',
      ],
    }),
  },
  fr: {
    rental_access: (v) => ({
      subject: `Votre clé pour ${v.vehicle}`,
      sms: `cybertacotruck : votre clé pour ${v.vehicle} (dès ${v.from}) : ouvrez ${v.link} sur votre téléphone pour ajouter la voiture à votre app Tesla. Usage unique.`,
      lines: [
        `Votre ${v.vehicle} vous attend dès ${v.from}.`,
        'Ouvrez votre réservation dans cybertacotruck sur votre téléphone et touchez « Ajouter la voiture à mon app Tesla ».',
        'Dès le début de la location, vous pouvez aussi ouvrir, verrouiller et climatiser la voiture depuis la page de la réservation.',
      ],
    }),
    alert_driver_limit: (v) => ({
      subject: `Impossible de donner la clé : ${v.vehicle} a cinq conducteurs`,
      sms: `Alerte : ${v.vehicle} a déjà les cinq conducteurs permis par Tesla ; le locataire (dès ${v.from}) n’aura pas de clé tant qu’un n’est pas retiré.`,
      lines: [
        v.reason,
        'Retirez un conducteur de la voiture dans l’app ou le compte Tesla ; l’app réessaie d’elle-même.',
      ],
    }),
    alert_geofence_exit: (v) => ({
      subject: `${v.vehicle} a quitté sa zone`,
      sms: `Alerte : la voiture louée ${v.vehicle} a quitté sa zone autorisée. ${v.reason}`,
      lines: [v.reason, 'Consultez la carte en direct et contactez le locataire.'],
    }),
    alert_charge_at_risk: (v) => ({
      subject: `Pas prête au retrait : ${v.vehicle} aura ${v.projected}, pas ${v.target}`,
      sms: `Alerte : ${v.vehicle} (${v.battery} maintenant, ${v.pluggedIn ? 'branchée' : 'non branchée'}) aura environ ${v.projected} à son retrait le ${v.from}, sous l’objectif de ${v.target}. ${v.pluggedIn ? 'Changez de voiture ou trouvez une borne plus rapide.' : 'Branchez-la ou changez de voiture.'}`,
      lines: [
        `${v.vehicle} est à ${v.battery} et ${v.pluggedIn ? 'branchée' : 'non branchée'} ; à son retrait le ${v.from}, elle aura environ ${v.projected}, sous l’objectif de ${v.target}.`,
        v.pluggedIn
          ? 'Changez de voiture ou mettez-la sur une borne plus rapide.'
          : 'Branchez-la, ou changez de voiture.',
      ],
    }),
  },
  de: {
    rental_access: (v) => ({
      subject: `Ihr Schlüssel für ${v.vehicle}`,
      sms: `cybertacotruck: Ihr Schlüssel für ${v.vehicle} (ab ${v.from}): Öffnen Sie ${v.link} auf Ihrem Handy, um das Auto Ihrer Tesla-App hinzuzufügen. Nur einmal gültig.`,
      lines: [
        `Ihr ${v.vehicle} steht ab ${v.from} für Sie bereit.`,
        'Öffnen Sie Ihre Reservierung in cybertacotruck auf dem Handy und tippen Sie auf „Auto zu meiner Tesla-App hinzufügen“.',
        'Ab Mietbeginn können Sie das Auto auch auf der Reservierungsseite entriegeln, verriegeln und klimatisieren.',
      ],
    }),
    alert_driver_limit: (v) => ({
      subject: `Kein Schlüssel möglich: ${v.vehicle} hat fünf Fahrer`,
      sms: `Alarm: ${v.vehicle} hat bereits die fünf Fahrer, die Tesla erlaubt; der Mieter (ab ${v.from}) bekommt keinen Schlüssel, bis einer entfernt ist.`,
      lines: [
        v.reason,
        'Entfernen Sie einen Fahrer in der Tesla-App oder im Tesla-Konto; die App versucht es selbst erneut.',
      ],
    }),
    alert_geofence_exit: (v) => ({
      subject: `${v.vehicle} hat sein Geofence verlassen`,
      sms: `Alarm: Das vermietete Auto ${v.vehicle} hat sein Geofence verlassen. ${v.reason}`,
      lines: [v.reason, 'Prüfen Sie die Live-Karte und kontaktieren Sie den Mieter.'],
    }),
    alert_charge_at_risk: (v) => ({
      subject: `Nicht bereit zur Abholung: ${v.vehicle} hat dann ${v.projected}, nicht ${v.target}`,
      sms: `Warnung: ${v.vehicle} (jetzt ${v.battery}, ${v.pluggedIn ? 'angesteckt' : 'nicht angesteckt'}) hat bei der Abholung am ${v.from} etwa ${v.projected}, unter dem Ziel von ${v.target}. ${v.pluggedIn ? 'Tauschen Sie das Auto oder nutzen Sie ein schnelleres Ladegerät.' : 'Stecken Sie es an oder tauschen Sie das Auto.'}`,
      lines: [
        `${v.vehicle} hat ${v.battery} und ist ${v.pluggedIn ? 'angesteckt' : 'nicht angesteckt'}; bei der Abholung am ${v.from} hat es etwa ${v.projected}, unter dem Ziel von ${v.target}.`,
        v.pluggedIn
          ? 'Tauschen Sie das Auto oder stellen Sie es an ein schnelleres Ladegerät.'
          : 'Stecken Sie es an oder tauschen Sie das Auto.',
      ],
    }),
  },
};
