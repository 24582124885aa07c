import { eq } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../lib/logger.ts';
import { outbox } from './mail.schema.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Text files sent along (an event's .ics); kept in the outbox with the body. */
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Record the message in the outbox, then deliver it through SMTP when configured. */
  send(message: MailMessage): Promise<void>;
  readonly mode: 'outbox' | 'smtp';
}

/** Header injection guard: a subject or address never carries a line break. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

export function createMailer(opts: { db: Db; logger: Logger; smtpUrl?: string; from: string }): Mailer {
  const { db, logger } = opts;
  const smtpUrl = opts.smtpUrl;
  let transport: Promise<Transporter> | undefined;
  // nodemailer is loaded only when SMTP is configured, on the first message.
  const getTransport = () => {
    transport ??= import('nodemailer').then((m) => m.default.createTransport(smtpUrl));
    return transport;
  };
  return {
    mode: smtpUrl ? 'smtp' : 'outbox',
    async send(message) {
      const to = oneLine(message.to);
      const subject = oneLine(message.subject);
      const [row] = await db
        .insert(outbox)
        .values({
          toAddress: to,
          subject,
          textBody: message.text,
          attachments: message.attachments ?? null,
          status: smtpUrl ? 'sending' : 'kept',
        })
        .returning({ id: outbox.id });
      if (!smtpUrl || !row) {
        logger.info({ mailId: row?.id, subject }, 'e-mail kept in the outbox (no SMTP configured)');
        return;
      }
      try {
        await (await getTransport()).sendMail({ from: opts.from, to, subject, text: message.text, attachments: message.attachments });
        await db.update(outbox).set({ status: 'sent', sentAt: new Date(), textBody: null, attachments: null }).where(eq(outbox.id, row.id));
      } catch (err) {
        logger.error({ mailId: row.id, err: (err as Error).message }, 'e-mail delivery failed');
        await db
          .update(outbox)
          .set({ status: 'failed', error: (err as Error).message.slice(0, 500) })
          .where(eq(outbox.id, row.id));
      }
    },
  };
}
