import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../../test/app.ts';

// A real SMTP conversation with a local server (the same protocol a network's mail relay speaks).
const received: Array<{ from: string; to: string[]; data: string }> = [];
let smtp: SMTPServer;
let port = 0;
let ctx: TestContext;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
  ctx = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Tisserin <ne-pas-repondre@tisserin.test>' } });
});
afterAll(async () => {
  await ctx?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('e-mail through SMTP', () => {
  it('delivers the verification e-mail and does not keep its body', async () => {
    const client = new TestClient(ctx);
    const res = await client.post('/inscription', {
      displayName: 'Inès',
      email: 'ines@example.org',
      password: 'une phrase pour le smtp',
      acceptCharter: 'on',
    });
    expect(res.status).toBe(303);
    const mail = received.find((m) => m.to.includes('ines@example.org'));
    expect(mail?.from).toBe('ne-pas-repondre@tisserin.test');
    expect(mail?.data).toContain('Subject: Confirmez votre adresse sur Tisserin');
    // The body is quoted-printable (French accents): undo soft line breaks and =XX escapes.
    const body = (mail?.data ?? '')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    expect(body).toContain('http://localhost:3000/verifier-email?token=');
    const rows = await ctx.deps.db.query.outbox.findMany();
    const row = rows.find((r) => r.toAddress === 'ines@example.org');
    expect(row?.status).toBe('sent');
    expect(row?.textBody).toBeNull();
  });
});
