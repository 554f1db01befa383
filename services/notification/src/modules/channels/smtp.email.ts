import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DeliveryError, messageIdOf, type EmailSender, type OutgoingEmail } from './channels.port';

/** E-mail over SMTP (nodemailer): SMTP_URL as smtp://user:pass@host:587 (STARTTLS when offered) or smtps://. */
export class SmtpEmail implements EmailSender {
  readonly name = 'smtp';
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs = 15_000,
  ) {
    const options: SMTPTransport.Options = {
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    };
    this.transport = createTransport(options);
  }

  async sendEmail(email: OutgoingEmail): Promise<{ providerId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdOf(email.id),
      });
      return { providerId: info.messageId || messageIdOf(email.id) };
    } catch (error) {
      throw new DeliveryError(
        `SMTP refused or unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
