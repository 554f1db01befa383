import type { Language } from '@cybertacotruck/contracts';
import type { Copy, Vars } from './catalog';

/**
 * The account service's messages: a registration link for someone invited, a password-reset code.
 * SMS only (never e-mail); `v.link` and `v.code` are the marks the sender fills in when it sends
 * (sms-secrets.ts), `v.validFor` a localised duration ("48 hours", "15 minutos"). The SMS text
 * keeps "register?token=… with code …" in English: the e2e journeys and people read it the same way.
 */
export type AccountCatalog = Record<'invitation' | 'password_reset', (v: Vars) => Copy>;

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
