import type { Language } from '@cybertacotruck/contracts';
import type { Copy, Vars } from './catalog';

/**
 * The account service's messages: a registration link for someone invited, a password-reset code, the
 * code that confirms a new phone number and the notice to the previous one (SMS only, never e-mail),
 * and "your password was changed" (by the reader's channels). For the SMS-only ones, `v.link` and `v.code` are the marks the sender fills in when it sends
 * (sms-secrets.ts), `v.validFor` a localised duration ("48 hours", "15 minutos"). The SMS text
 * keeps "register?token=… with code …" in English: the e2e journeys and people read it the same way.
 */
export type AccountCatalog = Record<
  'invitation' | 'password_reset' | 'phone_change_code' | 'phone_changed' | 'password_changed',
  (v: Vars) => Copy
>;

export const ACCOUNT_MESSAGES: Record<Language, AccountCatalog> = {
  en: {
    invitation: (v) => ({
      subject: 'Your invitation to cybertacotruck',
      sms: `${v.name ? `Hi ${v.name}! ` : ''}You're invited to rent a Tesla with cybertacotruck. Register at ${v.link} with code ${v.code}. The link expires in ${v.validFor}.`,
      lines: [`Register at ${v.link} with code ${v.code}.`, `The link expires in ${v.validFor}.`],
    }),
    password_reset: (v) => ({
      subject: 'Your password reset code',
      sms: `Your cybertacotruck password reset code is ${v.code}. It expires in ${v.validFor}. If you did not ask for it, ignore this message.`,
      lines: [`Your password reset code is ${v.code}.`, `It expires in ${v.validFor}.`],
    }),
    phone_change_code: (v) => ({
      subject: 'Confirm your new phone number',
      sms: `Your cybertacotruck code to confirm this phone number is ${v.code}. It expires in ${v.validFor}. If you did not ask for it, ignore this message.`,
      lines: [`Your code to confirm this phone number is ${v.code}.`, `It expires in ${v.validFor}.`],
    }),
    phone_changed: (v) => ({
      subject: 'Your phone number was changed',
      sms: `cybertacotruck: your account's phone number was changed to one ending in ${v.phoneEnd}; this number no longer gets its messages. If you did not do this, contact us.`,
      lines: [`Your account's phone number was changed to one ending in ${v.phoneEnd}.`],
    }),
    password_changed: (v) => ({
      subject: 'Your password was changed',
      sms: `cybertacotruck: your password was just changed${v.sessionsEnded > 0 ? ' and your other sessions were signed out' : ''}. If you did not do this, reset it now with "Forgot password?".`,
      lines: [
        `Your cybertacotruck password was just changed${v.sessionsEnded > 0 ? `, and ${String(v.sessionsEnded)} other session(s) were signed out` : ''}.`,
        'If you did not do this, reset your password now with "Forgot password?" on the sign-in page.',
      ],
    }),
  },
  es: {
    invitation: (v) => ({
      subject: 'Tu invitación a cybertacotruck',
      sms: `${v.name ? `¡Hola, ${v.name}! ` : ''}Te invitamos a alquilar un Tesla con cybertacotruck. Regístrate en ${v.link} con el código ${v.code}. El enlace caduca en ${v.validFor}.`,
      lines: [`Regístrate en ${v.link} con el código ${v.code}.`, `El enlace caduca en ${v.validFor}.`],
    }),
    password_reset: (v) => ({
      subject: 'Tu código para restablecer la contraseña',
      sms: `Tu código de cybertacotruck para restablecer la contraseña es ${v.code}. Caduca en ${v.validFor}. Si no lo has pedido, ignora este mensaje.`,
      lines: [`Tu código para restablecer la contraseña es ${v.code}.`, `Caduca en ${v.validFor}.`],
    }),
    phone_change_code: (v) => ({
      subject: 'Confirma tu nuevo número de teléfono',
      sms: `Tu código de cybertacotruck para confirmar este número de teléfono es ${v.code}. Caduca en ${v.validFor}. Si no lo has pedido, ignora este mensaje.`,
      lines: [`Tu código para confirmar este número de teléfono es ${v.code}.`, `Caduca en ${v.validFor}.`],
    }),
    phone_changed: (v) => ({
      subject: 'Se ha cambiado tu número de teléfono',
      sms: `cybertacotruck: el número de teléfono de tu cuenta se ha cambiado por uno que termina en ${v.phoneEnd}; este número ya no recibirá sus mensajes. Si no has sido tú, contáctanos.`,
      lines: [`El número de teléfono de tu cuenta se ha cambiado por uno que termina en ${v.phoneEnd}.`],
    }),
    password_changed: (v) => ({
      subject: 'Se ha cambiado tu contraseña',
      sms: `cybertacotruck: se acaba de cambiar tu contraseña${v.sessionsEnded > 0 ? ' y se han cerrado tus otras sesiones' : ''}. Si no has sido tú, restablécela ahora con «¿Olvidaste tu contraseña?».`,
      lines: [
        `Se acaba de cambiar tu contraseña de cybertacotruck${v.sessionsEnded > 0 ? ` y se han cerrado ${String(v.sessionsEnded)} sesión(es) más` : ''}.`,
        'Si no has sido tú, restablece la contraseña ahora con «¿Olvidaste tu contraseña?» en la página de inicio de sesión.',
      ],
    }),
  },
  fr: {
    invitation: (v) => ({
      subject: 'Votre invitation à cybertacotruck',
      sms: `${v.name ? `Bonjour ${v.name} ! ` : ''}Vous êtes invité à louer une Tesla avec cybertacotruck. Inscrivez-vous sur ${v.link} avec le code ${v.code}. Le lien expire dans ${v.validFor}.`,
      lines: [`Inscrivez-vous sur ${v.link} avec le code ${v.code}.`, `Le lien expire dans ${v.validFor}.`],
    }),
    password_reset: (v) => ({
      subject: 'Votre code de réinitialisation du mot de passe',
      sms: `Votre code cybertacotruck de réinitialisation du mot de passe est ${v.code}. Il expire dans ${v.validFor}. Si vous ne l’avez pas demandé, ignorez ce message.`,
      lines: [`Votre code de réinitialisation est ${v.code}.`, `Il expire dans ${v.validFor}.`],
    }),
    phone_change_code: (v) => ({
      subject: 'Confirmez votre nouveau numéro de téléphone',
      sms: `Votre code cybertacotruck pour confirmer ce numéro de téléphone est ${v.code}. Il expire dans ${v.validFor}. Si vous ne l’avez pas demandé, ignorez ce message.`,
      lines: [
        `Votre code pour confirmer ce numéro de téléphone est ${v.code}.`,
        `Il expire dans ${v.validFor}.`,
      ],
    }),
    phone_changed: (v) => ({
      subject: 'Votre numéro de téléphone a été changé',
      sms: `cybertacotruck : le numéro de téléphone de votre compte a été remplacé par un numéro se terminant par ${v.phoneEnd} ; ce numéro ne reçoit plus ses messages. Si ce n’était pas vous, contactez-nous.`,
      lines: [
        `Le numéro de téléphone de votre compte a été remplacé par un numéro se terminant par ${v.phoneEnd}.`,
      ],
    }),
    password_changed: (v) => ({
      subject: 'Votre mot de passe a été changé',
      sms: `cybertacotruck : votre mot de passe vient d’être changé${v.sessionsEnded > 0 ? ' et vos autres sessions ont été fermées' : ''}. Si ce n’était pas vous, réinitialisez-le maintenant avec « Mot de passe oublié ? ».`,
      lines: [
        `Votre mot de passe cybertacotruck vient d’être changé${v.sessionsEnded > 0 ? ` et ${String(v.sessionsEnded)} autre(s) session(s) ont été fermées` : ''}.`,
        'Si ce n’était pas vous, réinitialisez votre mot de passe maintenant avec « Mot de passe oublié ? » sur la page de connexion.',
      ],
    }),
  },
  de: {
    invitation: (v) => ({
      subject: 'Ihre Einladung zu cybertacotruck',
      sms: `${v.name ? `Hallo ${v.name}! ` : ''}Sie sind eingeladen, mit cybertacotruck einen Tesla zu mieten. Registrieren Sie sich unter ${v.link} mit dem Code ${v.code}. Der Link läuft in ${v.validFor} ab.`,
      lines: [
        `Registrieren Sie sich unter ${v.link} mit dem Code ${v.code}.`,
        `Der Link läuft in ${v.validFor} ab.`,
      ],
    }),
    password_reset: (v) => ({
      subject: 'Ihr Code zum Zurücksetzen des Passworts',
      sms: `Ihr cybertacotruck-Code zum Zurücksetzen des Passworts lautet ${v.code}. Er läuft in ${v.validFor} ab. Falls Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht.`,
      lines: [`Ihr Code zum Zurücksetzen des Passworts lautet ${v.code}.`, `Er läuft in ${v.validFor} ab.`],
    }),
    phone_change_code: (v) => ({
      subject: 'Bestätigen Sie Ihre neue Telefonnummer',
      sms: `Ihr cybertacotruck-Code zur Bestätigung dieser Telefonnummer lautet ${v.code}. Er läuft in ${v.validFor} ab. Falls Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht.`,
      lines: [
        `Ihr Code zur Bestätigung dieser Telefonnummer lautet ${v.code}.`,
        `Er läuft in ${v.validFor} ab.`,
      ],
    }),
    phone_changed: (v) => ({
      subject: 'Ihre Telefonnummer wurde geändert',
      sms: `cybertacotruck: Die Telefonnummer Ihres Kontos wurde in eine Nummer mit der Endung ${v.phoneEnd} geändert; diese Nummer erhält keine Nachrichten mehr. Falls Sie das nicht waren, kontaktieren Sie uns.`,
      lines: [`Die Telefonnummer Ihres Kontos wurde in eine Nummer mit der Endung ${v.phoneEnd} geändert.`],
    }),
    password_changed: (v) => ({
      subject: 'Ihr Passwort wurde geändert',
      sms: `cybertacotruck: Ihr Passwort wurde soeben geändert${v.sessionsEnded > 0 ? ' und Ihre anderen Sitzungen wurden abgemeldet' : ''}. Falls Sie das nicht waren, setzen Sie es jetzt mit „Passwort vergessen?“ zurück.`,
      lines: [
        `Ihr cybertacotruck-Passwort wurde soeben geändert${v.sessionsEnded > 0 ? `, und ${String(v.sessionsEnded)} andere Sitzung(en) wurden abgemeldet` : ''}.`,
        'Falls Sie das nicht waren, setzen Sie Ihr Passwort jetzt mit „Passwort vergessen?“ auf der Anmeldeseite zurück.',
      ],
    }),
  },
};

/** "48 hours" / "48 horas" / "15 Minuten": whole hours when it is a number of them, else minutes. */
export function formatValidFor(minutes: number, language: Language): string {
  const hours = minutes >= 120 && minutes % 60 === 0;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: hours ? 'hour' : 'minute',
    unitDisplay: 'long',
  }).format(hours ? minutes / 60 : minutes);
}
