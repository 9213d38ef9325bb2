import * as clock from "~/clock.server";
import nodemailer, { type Transporter } from "nodemailer";

import { getEnv } from "~/env.server";
import {
  createEmailDelivery,
  type EmailDrainSummary,
} from "~/services/emails/delivery.server";

/**
 * The app's SMTP connection (SMTP_URL, pooled) and the drain the background worker runs. Without
 * SMTP_URL there is no transport: emails are recorded as not sent and the Emails page says so.
 */

declare global {
  var loyaltySmtpTransport: { url: string; transport: Transporter } | undefined;
}

export function smtpTransport(): Transporter | null {
  const url = getEnv().SMTP_URL;
  if (!url) return null;
  const cached = globalThis.loyaltySmtpTransport;
  if (cached?.url === url) return cached.transport;
  cached?.transport.close();
  // Pooled: one SMTP session carries many emails instead of a handshake each.
  const pooled = new URL(url);
  pooled.searchParams.set("pool", "true");
  const transport = nodemailer.createTransport(pooled.toString());
  globalThis.loyaltySmtpTransport = { url, transport };
  return transport;
}

export function senderAddress(): string {
  const env = getEnv();
  return env.SMTP_FROM ?? `no-reply@${new URL(env.SHOPIFY_APP_URL).hostname}`;
}

export function isSmtpConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/** One drain of the email outbox with the app's settings. */
export function drainEmailOutbox(
  now: () => Date = clock.now,
): Promise<EmailDrainSummary> {
  const env = getEnv();
  return createEmailDelivery({
    transport: smtpTransport(),
    from: senderAddress(),
    appUrl: env.SHOPIFY_APP_URL,
    secret: env.SHOPIFY_API_SECRET,
    now,
  }).drainOnce(50);
}
