import { createHash } from "node:crypto";

import { database } from "~/models/transaction.server";
import { type MemberEmail } from "@prisma/client";
import { type SendMailOptions } from "nodemailer";

import { composeEmail } from "~/emails/compose";
import { type EmailProgram, emailProgram } from "~/emails/variables";
import {
  emailRetryDelayMs,
  emailSwitches,
  isEmailKind,
  EMAIL_RETRY_POLICY,
  sendingAllowance,
} from "~/loyalty/emails";
import { retriesExhausted } from "~/loyalty/retry-policy";
import {
  claimDueEmails,
  closeEmail,
  countEmailsSentSince,
  deferClaimedEmails,
  findEmailRecipients,
  findEmailSettings,
  findEmailShop,
  listEmailTemplates,
  markEmailSending,
  markEmailSent,
  pendingPointsOf,
  rescheduleEmail,
} from "~/models/member-email.server";
import { type EmailPayload } from "~/services/emails/queue.server";
import { unsubscribeUrl } from "~/services/emails/unsubscribe.server";
import { getProgramIdentity } from "~/services/program-identity.server";

/**
 * The email worker: claims due outbox emails, renders each in the member's language, sends it over
 * SMTP and records the result. Exactly-once as far as the app can see it (ADR 0011): an email is
 * marked `sending` before the SMTP conversation and is never handed to SMTP again after that; an
 * email whose worker died mid-send becomes `uncertain` instead of going out twice.
 */

/** What the worker needs of a nodemailer transport. */
export interface EmailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

export interface EmailDeliveryOptions {
  /** Null when SMTP_URL is not set: emails are recorded as not sent. */
  transport: EmailTransport | null;
  from: string;
  appUrl: string;
  secret: string;
  now: () => Date;
  leaseMs?: number;
  concurrency?: number;
  random?: () => number;
  /** Between SMTP's acceptance and the record: tests stop here to play a crash. */
  afterSmtpAccepted?: (email: MemberEmail) => Promise<void>;
}

export interface EmailDrainSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  notSent: number;
  deferred: number;
}

/** Stable per email: a retry after an ambiguous failure would carry the same Message-ID. */
export function messageIdFor(idempotencyKey: string, appUrl: string): string {
  const hash = createHash("sha256")
    .update(idempotencyKey)
    .digest("hex")
    .slice(0, 32);
  return `<${hash}@${new URL(appUrl).hostname}>`;
}

/**
 * SMTP refusals that would repeat: a 5xx reply (e.g. "550 no such user" at RCPT) or an address
 * nodemailer cannot use. Anything else (4xx, a dropped connection, a timeout) is worth retrying.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { responseCode, code } = error as {
    responseCode?: number;
    code?: string;
  };
  if (typeof responseCode === "number")
    return responseCode >= 500 && responseCode < 600;
  return code === "EENVELOPE" || code === "EADDRESS";
}

type ShopContext = {
  name: string;
  /** Shopify's primary locale: the language of members whose own is unknown. */
  primaryLocale: string;
  currencyCode: string;
  timeZone: string;
  domain: string;
  settings: Awaited<ReturnType<typeof findEmailSettings>>;
  templates: Awaited<ReturnType<typeof listEmailTemplates>>;
  allowance: number;
  program: EmailProgram;
};

export function createEmailDelivery(options: EmailDeliveryOptions) {
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const random = options.random ?? Math.random;
  const concurrency = options.concurrency ?? 8;

  async function loadShops(emails: MemberEmail[], now: Date) {
    const shops = new Map<string, ShopContext | null>();
    for (const domain of new Set(emails.map((email) => email.shopDomain))) {
      const shop = await findEmailShop(database, domain);
      if (!shop || shop.uninstalledAt) {
        shops.set(domain, null);
        continue;
      }
      const settings = await findEmailSettings(database, domain);
      const sent = await countEmailsSentSince(
        database,
        domain,
        new Date(now.getTime() - 60 * 60_000),
      );
      shops.set(domain, {
        name: shop.name ?? domain,
        primaryLocale: shop.primaryLocale,
        currencyCode: shop.currencyCode,
        timeZone: shop.ianaTimezone,
        domain,
        settings,
        templates: await listEmailTemplates(database, domain),
        allowance: sendingAllowance(settings?.hourlyLimit ?? 500, sent),
        program: emailProgram(await getProgramIdentity(domain)),
      });
    }
    return shops;
  }

  async function drainOnce(limit = 50): Promise<EmailDrainSummary> {
    const now = options.now();
    const claimed = await claimDueEmails(database, { now, limit, leaseMs });
    const summary: EmailDrainSummary = {
      claimed: claimed.length,
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 0,
      notSent: 0,
      deferred: 0,
    };
    if (claimed.length === 0) return summary;
    const shops = await loadShops(claimed, now);
    const memberIds = [...new Set(claimed.map((email) => email.memberId))];
    const recipients = new Map(
      (await findEmailRecipients(database, memberIds)).map((r) => [r.id, r]),
    );
    const pending = await pendingPointsOf(database, memberIds);

    const ready: MemberEmail[] = [];
    const deferred: string[] = [];
    for (const email of claimed) {
      const shop = shops.get(email.shopDomain);
      const member = recipients.get(email.memberId);
      const skip = (reason: string) => {
        summary.skipped += 1;
        return closeEmail(database, email.id, {
          status: "skipped",
          lastError: reason,
          now,
        });
      };
      if (!shop) await skip("The app is not installed on the shop");
      else if (!isEmailKind(email.kind))
        await skip(`Unknown email ${email.kind}`);
      else if (!emailSwitches(shop.settings?.switches)[email.kind])
        await skip("Switched off");
      else if (!member || member.redactedAt) await skip("redacted");
      else if (member.emailOptOutAt) await skip("Unsubscribed");
      else if (!member.email) await skip("No email address");
      else if (!options.transport) {
        summary.notSent += 1;
        await closeEmail(database, email.id, {
          status: "not_sent",
          lastError: "SMTP_URL is not set",
          now,
        });
      } else if (shop.allowance <= 0) deferred.push(email.id);
      else {
        shop.allowance -= 1;
        ready.push(email);
      }
    }
    if (deferred.length > 0) {
      // Over the hourly limit: wait, unsent, and try again in a few minutes.
      await deferClaimedEmails(
        database,
        deferred,
        new Date(now.getTime() + 5 * 60_000),
        now,
      );
      summary.deferred = deferred.length;
    }

    const send = async (email: MemberEmail) => {
      const shop = shops.get(email.shopDomain)!;
      const member = recipients.get(email.memberId)!;
      const outcome = await deliver(
        email,
        shop,
        member,
        pending.get(member.id),
        now,
      );
      summary[outcome] += 1;
    };
    for (let index = 0; index < ready.length; index += concurrency)
      await Promise.all(ready.slice(index, index + concurrency).map(send));
    return summary;
  }

  async function deliver(
    email: MemberEmail,
    shop: ShopContext,
    member: NonNullable<
      Awaited<ReturnType<typeof findEmailRecipients>>[number]
    >,
    pending: { points: number; until: Date | null } | undefined,
    now: Date,
  ): Promise<"sent" | "retried" | "failed"> {
    const payload = JSON.parse(email.payload) as EmailPayload;
    const unsubscribe = unsubscribeUrl(
      options.appUrl,
      member.id,
      options.secret,
    );
    const rendered = composeEmail({
      kind: email.kind as Parameters<typeof composeEmail>[0]["kind"],
      memberLocale: member.locale,
      shopLocale: shop.primaryLocale,
      stored: shop.templates,
      event: payload,
      send: {
        firstName: member.firstName,
        pendingPoints: pending?.points ?? 0,
        pendingUntil: pending?.until ?? null,
        shopName: shop.name,
        timeZone: shop.timeZone,
        currencyCode: shop.currencyCode,
        programUrl: `https://${shop.domain}/`,
        unsubscribeUrl: unsubscribe,
        program: shop.program,
      },
    });
    const messageId = messageIdFor(email.idempotencyKey, options.appUrl);
    const claimedSending = await markEmailSending(database, email.id, {
      messageId,
      lockedUntil: new Date(now.getTime() + leaseMs),
      now,
    });
    if (!claimedSending) return "failed";
    try {
      await options.transport!.sendMail({
        from: { name: shop.name, address: options.from },
        to: member.email!,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: {
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "Content-Language": rendered.locale,
        },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = email.attempts + 1;
      if (
        isPermanentSmtpFailure(error) ||
        retriesExhausted(EMAIL_RETRY_POLICY, attempts)
      ) {
        await closeEmail(database, email.id, {
          status: "failed",
          lastError: message.slice(0, 500),
          attempts,
          now,
        });
        return "failed";
      }
      await rescheduleEmail(database, email.id, {
        runAfter: new Date(
          now.getTime() + emailRetryDelayMs(attempts, random()),
        ),
        attempts,
        lastError: message.slice(0, 500),
        now,
      });
      return "retried";
    }
    await options.afterSmtpAccepted?.(email);
    await markEmailSent(database, email.id, options.now());
    return "sent";
  }

  return { drainOnce };
}
