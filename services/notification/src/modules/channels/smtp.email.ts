import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { DeliveryError, messageIdOf, type EmailSender, type OutgoingEmail } from './channels.port';

/** E-mail over SMTP (nodemailer): SMTP_URL as smtp://user:pass@host:587 (STARTTLS when offered) or smtps://. */
export class SmtpEmail implements EmailSender {
  readonly name = 'smtp';
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs = 15_000,
    maxConnections = 1,
  ) {
    // A pool: connections stay open between messages, up to `maxConnections` in parallel
    // (NOTIFICATION_EMAIL_CONCURRENCY), each reconnecting after 100 messages.
    const options: SMTPPool.Options = {
      url,
      pool: true,
      maxConnections,
      maxMessages: 100,
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
