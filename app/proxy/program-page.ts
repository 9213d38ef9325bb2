import { type Locale } from "~/i18n/locale";
import { type MessageKey } from "~/i18n/messages/dictionary";
import { type MessageParams, t } from "~/i18n/translate";
import { formatPointsWith } from "~/loyalty/program-identity";
import {
  type ProgramPageView,
  type ProgramPageWay,
} from "~/services/program-page.server";
import { type StorefrontReward } from "~/services/storefront.server";

/**
 * The program page as Liquid (Shopify renders it inside the shop's theme) or, for the admin's
 * preview, as plain HTML. Every value that came from a merchant, a shopper or Shopify goes through
 * `text()`: HTML-escaped, and its braces turned into entities so that `{{` or `{%` typed into a
 * reward's name can never become Liquid. The only Liquid in the answer is the sign-in and
 * create-account routes, written here, not taken from input.
 */

export interface ProgramPageLinks {
  /** Where the page's forms post and notices come back: the proxy's public path ("/apps/loyalty"). */
  proxyPath: string;
  signIn: string;
  register: string;
}

/** Liquid's own account routes: the theme knows them (and the shop's locale prefix). */
export const LIQUID_LINKS = {
  signIn: "{{ routes.account_login_url }}",
  register: "{{ routes.account_register_url }}",
};

/** Text safe in HTML content and attributes, and inert as Liquid. */
export function text(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/{/g, "&#123;")
    .replace(/}/g, "&#125;");
}

/** Only http(s) addresses become links or images; anything else is dropped. */
function safeUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? text(url) : null;
}

const colour = (value: string, fallback: string) =>
  /^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback;

const POINTS_ICON = `<svg class="lp-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="40" height="40"><path d="M20 7h-2.2A3 3 0 0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1h1v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8h1a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1Zm-5-1.5a1.5 1.5 0 0 1 0 3h-2v-1A2 2 0 0 1 15 5.5ZM9 5.5a2 2 0 0 1 2 2v1H9a1.5 1.5 0 0 1 0-3ZM5 9h6v1H5Zm2 3h4v7H7Zm6 7v-7h4v7Zm6-9h-6V9h6Z" fill="currentColor"/></svg>`;

const STYLE = `
.lp{--lp-accent:#1f4d3a;--lp-on-accent:#fff;max-width:64rem;margin:0 auto;padding:0 1rem 3rem;font-size:1rem;line-height:1.5;color:inherit}
.lp *{box-sizing:border-box}
.lp h1,.lp h2,.lp h3,.lp p{margin:0}
.lp-hero{background:var(--lp-accent);color:var(--lp-on-accent);border-radius:12px;overflow:hidden;margin:1.5rem 0}
.lp-hero__image{display:block;width:100%;max-height:280px;object-fit:cover}
.lp-hero__text{padding:1.5rem;display:grid;gap:.5rem}
.lp-hero__name{font-size:.85rem;letter-spacing:.08em;text-transform:uppercase;opacity:.85}
.lp-hero h1{font-size:2rem;line-height:1.2}
.lp-section{margin-top:2rem}
.lp-section>h2{font-size:1.4rem;margin-bottom:1rem}
.lp-card{border:1px solid rgba(0,0,0,.12);border-radius:10px;padding:1rem;background:#fff;color:#1a1a1a}
.lp-me{display:grid;gap:.5rem}
.lp-me__balance{font-size:1.8rem;font-weight:700}
.lp-bar{height:10px;border-radius:5px;background:#e6e6e6;overflow:hidden}
.lp-bar span{display:block;height:100%;background:var(--lp-accent)}
.lp-actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.5rem}
.lp .lp-btn{display:inline-block;background:var(--lp-accent);color:var(--lp-on-accent);border:0;border-radius:6px;padding:.55rem 1rem;font:inherit;text-decoration:none;cursor:pointer;text-transform:none;letter-spacing:normal}
.lp .lp-btn--ghost{background:transparent;color:var(--lp-accent);border:1px solid currentColor}
.lp-grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));list-style:none;margin:0;padding:0}
.lp-way,.lp-reward,.lp-tier{display:grid;gap:.4rem;align-content:start}
.lp-points{font-weight:700;color:var(--lp-accent)}
.lp-muted{color:#5c5c5c;font-size:.9rem}
.lp-reward__media{position:relative;display:block}
.lp-reward__image{position:absolute;inset:0;display:block;width:100%;height:100%;object-fit:cover;border-radius:6px}
.lp-reward__icon{display:grid;place-items:center;width:100%;aspect-ratio:4/3;border-radius:6px;background:#f3f3f3;color:var(--lp-accent)}
.lp-reward--off{opacity:.7}
.lp-badge{display:inline-block;font-size:.8rem;font-weight:600;border-radius:999px;padding:.1rem .6rem;background:#f1f1f1;color:#303030;justify-self:start}
.lp-badge--yours{background:var(--lp-accent);color:var(--lp-on-accent)}
.lp ul.lp-conditions{margin:0;padding-left:1.1rem;font-size:.9rem;color:#5c5c5c}
.lp form{display:grid;gap:.5rem;margin:0}
.lp label{display:grid;gap:.2rem;font-size:.9rem}
.lp input,.lp select,.lp textarea{font:inherit;padding:.4rem .5rem;border:1px solid #8a8a8a;border-radius:6px;background:#fff;color:#1a1a1a;width:100%}
.lp-row{display:flex;gap:.5rem}
.lp-notice{border-radius:8px;padding:.75rem 1rem;margin-top:1rem;background:#e7f4ec;color:#0b4a26}
.lp-notice--error{background:#fde8e8;color:#8a1c1c}
.lp-icon{display:block}
`;

type Translate = (key: MessageKey, params?: MessageParams) => string;

function wayCard(
  way: ProgramPageWay,
  view: ProgramPageView,
  links: ProgramPageLinks,
  tr: Translate,
): string {
  const points =
    way.kind === "order"
      ? `<p class="lp-points">${text(way.points)}</p>`
      : `<p class="lp-points">${text(tr("points", { count: way.points }))}</p>`;
  const action = `${text(links.proxyPath)}?locale=${view.locale}`;
  const hidden = (intent: string, ruleId: string) =>
    `<input type="hidden" name="intent" value="${intent}"><input type="hidden" name="ruleId" value="${text(ruleId)}">`;
  const signIn = `<a class="lp-btn lp-btn--ghost" href="${links.signIn}">${text(tr("shopper.earn.signIn"))}</a>`;
  let body = "";
  let title = way.name;
  switch (way.kind) {
    case "social": {
      title = tr(
        way.action === "share" ? "shopper.earn.share" : "shopper.earn.follow",
        { network: way.network },
      );
      const url = safeUrl(way.url);
      if (way.claimed)
        body = `<p class="lp-badge">${text(tr("shopper.earn.claimed"))}</p>`;
      else if (!view.member) body = signIn;
      else
        body = `<form method="post" action="${action}" data-lp-social="${url ?? ""}">${hidden("social", way.id)}
${url ? `<a class="lp-btn lp-btn--ghost" href="${url}" target="_blank" rel="noopener noreferrer">${text(tr(way.action === "share" ? "shopper.earn.open.share" : "shopper.earn.open.follow", { network: way.network }))}</a>` : ""}
<button type="submit" class="lp-btn">${text(tr("shopper.earn.claim"))}</button>
<p class="lp-muted">${text(tr("shopper.earn.honour"))}</p></form>`;
      break;
    }
    case "birthday": {
      if (!view.member) body = signIn;
      else if (way.birthday) {
        const date = new Intl.DateTimeFormat(view.locale, {
          month: "long",
          day: "numeric",
          timeZone: "UTC",
        }).format(Date.UTC(2000, way.birthday.month - 1, way.birthday.day));
        body = `<p>${text(tr("shopper.earn.birthday.saved", { date }))}</p>`;
      } else {
        const months = Array.from({ length: 12 }, (_, i) => {
          const name = new Intl.DateTimeFormat(view.locale, {
            month: "long",
            timeZone: "UTC",
          }).format(Date.UTC(2000, i, 1));
          return `<option value="${i + 1}">${text(name)}</option>`;
        }).join("");
        const days = Array.from(
          { length: 31 },
          (_, i) => `<option value="${i + 1}">${i + 1}</option>`,
        ).join("");
        body = `<form method="post" action="${action}">${hidden("birthday", way.id)}
<fieldset class="lp-row" style="border:0;padding:0;margin:0"><legend class="lp-muted">${text(tr("shopper.earn.birthday.label"))}</legend>
<label>${text(tr("shopper.earn.birthday.month"))}<select name="month" required>${months}</select></label>
<label>${text(tr("shopper.earn.birthday.day"))}<select name="day" required>${days}</select></label></fieldset>
<button type="submit" class="lp-btn">${text(tr("shopper.earn.birthday.save"))}</button>
<p class="lp-muted">${text(tr("shopper.earn.birthday.help"))}</p></form>`;
      }
      break;
    }
    case "content": {
      const last = way.lastSubmission;
      const state = last
        ? `<p class="lp-badge" data-lp-state="${last.state}">${text(tr(`shopper.earn.content.${last.state}`))}</p>${
            last.state === "rejected" && last.message
              ? `<p class="lp-muted">${text(tr("shopper.earn.content.message", { message: last.message }))}</p>`
              : ""
          }`
        : "";
      const field =
        way.submission === "text"
          ? `<textarea name="content" rows="3" maxlength="2000" required></textarea>`
          : `<input type="url" name="content" maxlength="2000" required placeholder="https://">`;
      const form =
        last?.state === "pending"
          ? ""
          : `<form method="post" action="${action}">${hidden("content", way.id)}
<label>${text(tr(`shopper.earn.content.${way.submission}`))}${field}</label>
<button type="submit" class="lp-btn">${text(tr("shopper.earn.content.send"))}</button></form>`;
      body = `${way.instructions ? `<p class="lp-muted">${text(way.instructions)}</p>` : ""}${state}${view.member ? form : signIn}`;
      break;
    }
    default:
      break;
  }
  return `<li class="lp-card lp-way" data-lp-way="${way.kind}"><h3>${text(title)}</h3>${points}${body}</li>`;
}

function rewardCard(
  reward: StorefrontReward,
  view: ProgramPageView,
  tr: Translate,
): string {
  const image = safeUrl(reward.imageUrl);
  const cost = reward.slider
    ? tr("shopper.reward.sliderCost", {
        min: tr("points", { count: reward.slider.min }),
        max: tr("points", { count: reward.slider.max }),
      })
    : tr("points", { count: reward.pointsCost });
  const conditions = [
    ...(reward.minimumSubtotal
      ? [
          tr("shopper.reward.minimumSubtotal", {
            amount: reward.minimumSubtotal,
          }),
        ]
      : []),
    ...reward.conditions,
  ];
  const badge =
    reward.reason === "sold_out"
      ? tr("shopper.reward.soldOut")
      : reward.reason === "tier_locked"
        ? tr("shopper.reward.locked", {
            tiers: new Intl.ListFormat(view.locale, {
              type: "disjunction",
            }).format(reward.lockedTo ?? []),
          })
        : null;
  return `<li class="lp-card lp-reward${badge ? " lp-reward--off" : ""}" data-lp-reward="${text(reward.id)}">
<span class="lp-reward__media"><span class="lp-reward__icon">${POINTS_ICON}</span>${image ? `<img class="lp-reward__image" src="${image}" alt="" loading="lazy" width="320" height="240" onerror="this.remove()">` : ""}</span>
<h3>${text(reward.name)}</h3>
${reward.description ? `<p class="lp-muted">${text(reward.description)}</p>` : ""}
<p class="lp-points">${text(cost)}</p>
${conditions.length ? `<ul class="lp-conditions">${conditions.map((c) => `<li>${text(c)}</li>`).join("")}</ul>` : ""}
${badge ? `<p class="lp-badge" data-lp-reason="${text(reward.reason)}">${text(badge)}</p>` : ""}
</li>`;
}

function memberPanel(
  view: ProgramPageView,
  links: ProgramPageLinks,
  tr: Translate,
): string {
  const member = view.member;
  if (!member)
    return `<section class="lp-card lp-me" data-lp-guest>
<p>${text(tr("shopper.page.guest.intro"))}</p>
<p class="lp-actions"><a class="lp-btn" href="${links.register}">${text(tr("shopper.page.guest.register"))}</a>
<a class="lp-btn lp-btn--ghost" href="${links.signIn}">${text(tr("shopper.page.guest.signIn"))}</a></p></section>`;
  const progress =
    member.progress !== null && member.nextTier
      ? `<div class="lp-bar" role="progressbar" aria-label="${text(tr("shopper.page.member.progress", { tier: member.nextTier }))}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${member.progress}"><span style="width:${member.progress}%"></span></div>`
      : "";
  return `<section class="lp-card lp-me" data-lp-member>
<p>${text(member.firstName ? tr("shopper.page.member.greeting", { name: member.firstName }) : tr("shopper.page.member.welcome"))}</p>
<p class="lp-muted">${text(tr("shopper.page.member.balance"))}</p>
<p class="lp-me__balance" data-lp-balance>${text(tr("points", { count: member.balance }))}</p>
${member.pending > 0 ? `<p class="lp-muted">${text(tr("shopper.page.member.pending", { points: tr("points", { count: member.pending }) }))}</p>` : ""}
${member.tier ? `<p data-lp-tier>${text(tr("shopper.page.member.tier", { tier: member.tier }))}</p>` : ""}
${progress}
${member.toNextTier ? `<p class="lp-muted" data-lp-next>${text(member.toNextTier)}</p>` : ""}
</section>`;
}

const NOTICES = [
  "birthday_saved",
  "social_claimed",
  "social_duplicate",
  "content_sent",
] as const;
export type ProgramPageNotice = (typeof NOTICES)[number];

export function isProgramPageNotice(
  value: string | null,
): value is ProgramPageNotice {
  return (NOTICES as readonly string[]).includes(value ?? "");
}

const SOCIAL_SCRIPT = `<script>document.querySelectorAll("[data-lp-social]").forEach(function(f){var u=f.getAttribute("data-lp-social");var a=f.querySelector("a");if(!u||!a)return;a.hidden=true;f.querySelector("button").addEventListener("click",function(){window.open(u,"_blank","noopener")})})</script>`;

/**
 * The page. `notice` / `error` come back after a form posted (a message key the app chose, looked
 * up in a fixed list, never text from the URL).
 */
export function renderProgramPage(
  view: ProgramPageView,
  links: ProgramPageLinks,
  options: { notice?: ProgramPageNotice | null; error?: string | null } = {},
): string {
  const locale: Locale = view.locale;
  // "points" in the merchant's words when they named them (singular/plural by the language's rules).
  const tr: Translate = (key, params) =>
    key === "points" && view.pointsName && typeof params?.count === "number"
      ? formatPointsWith(view.pointsName, params.count, locale)
      : t(locale, key, params);
  const accent = colour(view.appearance.accentColor, "#1f4d3a");
  const onAccent = colour(view.appearance.accentText, "#ffffff");
  const banner = safeUrl(view.appearance.bannerUrl);
  const hero = `<header class="lp-hero">
${banner ? `<img class="lp-hero__image" src="${banner}" alt="" width="1200" height="280">` : ""}
<div class="lp-hero__text"><p class="lp-hero__name">${text(view.name)}</p>
<h1>${text(view.active ? view.appearance.headline : tr("shopper.page.unavailable.heading"))}</h1>
<p>${text(view.active ? view.appearance.intro : (view.comingSoon ?? tr("shopper.page.unavailable.body")))}</p></div></header>`;
  const open = `<style>${STYLE}</style><div class="lp" lang="${locale}" style="--lp-accent:${accent};--lp-on-accent:${onAccent}" data-lp-page>`;
  if (!view.active) return `${open}${hero}</div>`;

  const notice = options.notice
    ? `<p class="lp-notice" role="status">${text(tr(`shopper.notice.${options.notice}`))}</p>`
    : options.error
      ? `<p class="lp-notice lp-notice--error" role="alert">${text(options.error)}</p>`
      : "";
  const ways = view.ways.length
    ? `<section class="lp-section" id="earn"><h2>${text(view.appearance.earnHeading)}</h2><ul class="lp-grid">${view.ways.map((way) => wayCard(way, view, links, tr)).join("")}</ul></section>`
    : "";
  const rewards = `<section class="lp-section" id="rewards"><h2>${text(tr("shopper.page.rewards.heading"))}</h2>
${view.rewards.length ? `<ul class="lp-grid">${view.rewards.map((reward) => rewardCard(reward, view, tr)).join("")}</ul><p class="lp-muted" style="margin-top:.75rem">${text(tr("shopper.page.rewards.redeemHint"))}</p>` : `<p class="lp-muted">${text(tr("shopper.page.rewards.empty"))}</p>`}</section>`;
  const tiers = view.tiers.length
    ? `<section class="lp-section" id="tiers"><h2>${text(tr("shopper.page.tiers.heading"))}</h2><ul class="lp-grid">${view.tiers
        .map(
          (tier) =>
            `<li class="lp-card lp-tier"><h3>${text(tier.name)}</h3>${tier.id === view.member?.tierId ? `<p class="lp-badge lp-badge--yours">${text(tr("shopper.page.tiers.yours"))}</p>` : ""}<p class="lp-muted">${text(tier.threshold)}</p>${tier.perks.length ? `<ul class="lp-conditions">${tier.perks.map((perk) => `<li>${text(perk)}</li>`).join("")}</ul>` : ""}</li>`,
        )
        .join("")}</ul></section>`
    : "";
  return `${open}${hero}${notice}${memberPanel(view, links, tr)}${ways}${rewards}${tiers}</div>${view.member ? SOCIAL_SCRIPT : ""}`;
}
