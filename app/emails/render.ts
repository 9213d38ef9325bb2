import { Liquid, type Template } from "liquidjs";

import { type EmailTemplateText } from "~/emails/default-templates";
import { type EmailVariables } from "~/emails/variables";

/**
 * Renders an email: Liquid to plain text (subject, text part), then the HTML part from that text
 * with every character escaped, so neither the template (typed by the merchant) nor a variable
 * (a name typed by the customer, a description typed by the merchant) can become markup. A missing
 * variable renders empty (strictVariables off); the limits keep a hostile template from hanging
 * the worker.
 */

const engine = new Liquid({
  strictVariables: false,
  strictFilters: false,
  ownPropertyOnly: true,
  parseLimit: 50_000,
  renderLimit: 1_000,
  memoryLimit: 5_000_000,
});

// Parsed templates by source: the worker renders the same few templates thousands of times.
const parsed = new Map<string, Template[]>();

function parse(source: string): Template[] {
  let templates = parsed.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (parsed.size > 500) parsed.clear();
    parsed.set(source, templates);
  }
  return templates;
}

/** The Liquid error a merchant's text would raise, or null when it parses. */
export function liquidSyntaxError(source: string): string | null {
  try {
    engine.parse(source);
    return null;
  } catch (error) {
    return error instanceof Error
      ? error.message.split("\n")[0]
      : String(error);
  }
}

export interface EmailLayout {
  locale: string;
  shopName: string;
  programUrl: string;
  unsubscribeUrl: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const layoutWords: Record<
  string,
  { unsubscribe: string; why: string; cta: string }
> = {
  en: {
    unsubscribe: "Unsubscribe from these emails",
    why: "You receive this email because you are a member of the loyalty program of {shop}.",
    cta: "See my rewards",
  },
  fr: {
    unsubscribe: "Se désinscrire de ces e-mails",
    why: "Vous recevez cet e-mail car vous êtes membre du programme de fidélité de {shop}.",
    cta: "Voir mes récompenses",
  },
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Escaped text to paragraphs, with http(s) addresses as links (the text is already escaped). */
function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => {
      const escaped = escapeHtml(paragraph)
        .replace(
          /https?:\/\/[^\s<>"']+/g,
          (url) => `<a href="${url}" style="color:#1a5fb4">${url}</a>`,
        )
        .replace(/\n/g, "<br>");
      return `<p style="margin:0 0 16px;line-height:1.5">${escaped}</p>`;
    })
    .join("\n");
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function renderEmail(
  template: EmailTemplateText,
  variables: EmailVariables,
  layout: EmailLayout,
): RenderedEmail {
  const subject = engine
    .renderSync(parse(template.subject), variables)
    .replace(/\s+/g, " ")
    .trim();
  const body = tidy(String(engine.renderSync(parse(template.body), variables)));
  const words = layoutWords[layout.locale] ?? layoutWords.en;
  const why = words.why.replace("{shop}", layout.shopName);
  const text = `${body}\n\n--\n${why}\n${words.unsubscribe}: ${layout.unsubscribeUrl}\n`;
  const shop = escapeHtml(layout.shopName);
  const html = `<!doctype html>
<html lang="${escapeHtml(layout.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2124">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px">
<tr><td style="padding:24px 24px 8px;font-size:18px;font-weight:600"><span aria-hidden="true" style="display:inline-block;width:28px;height:28px;line-height:28px;text-align:center;border-radius:14px;background:#f5c211;color:#ffffff;margin-right:8px">&#9733;</span>${shop}</td></tr>
<tr><td style="padding:16px 24px;font-size:16px">
${textToHtml(body)}
<p style="margin:8px 0 0"><a href="${escapeHtml(layout.programUrl)}" style="display:inline-block;padding:10px 18px;border-radius:8px;background:#303030;color:#ffffff;text-decoration:none">${escapeHtml(words.cta)}</a></p>
</td></tr>
<tr><td style="padding:16px 24px 24px;font-size:12px;color:#6d7175;line-height:1.5">${escapeHtml(why)}<br><a href="${escapeHtml(layout.unsubscribeUrl)}" style="color:#6d7175">${escapeHtml(words.unsubscribe)}</a></td></tr>
</table></td></tr></table>
</body></html>
`;
  return { subject, text, html };
}
