import { type EmailKind } from "~/loyalty/emails";

/**
 * The text every shop starts with, in English and French. Subject and body are Liquid; the body is
 * plain text (blank lines make paragraphs, addresses become links in the HTML part), so nothing a
 * merchant types can become markup. Variables: app/emails/README.md.
 */

export interface EmailTemplateText {
  subject: string;
  body: string;
}

export const SHIPPED_EMAIL_LOCALES = ["en", "fr"] as const;

const greetingEn =
  "{% if first_name %}Hi {{ first_name }},{% else %}Hello,{% endif %}";
const greetingFr =
  "{% if first_name %}Bonjour {{ first_name }},{% else %}Bonjour,{% endif %}";

const en: Record<EmailKind, EmailTemplateText> = {
  welcome: {
    subject: "Welcome to {{ program_name }}",
    body: `${greetingEn}

Welcome to {{ program_name }}! You earn {{ points_name_plural }} with your orders and spend them on rewards.

Your balance: {{ balance_label }}.

See the rewards: {{ program_url }}`,
  },
  points_earned: {
    subject: "You earned {{ points_label }}",
    body: `${greetingEn}

You earned {{ points_label }}{% if description %} ({{ description }}){% endif %}. Your balance is now {{ balance_label }}.
{% if pending_points > 0 %}
{{ pending_label }} more are on their way: they become spendable {% if pending_until %}on {{ pending_until }}{% else %}when your order ships{% endif %}.
{% endif %}
See the rewards: {{ program_url }}`,
  },
  balance_adjusted: {
    subject: "Your {{ points_name_plural }} balance changed",
    body: `${greetingEn}

{{ shop_name }} adjusted your balance by {{ points_change }} {{ points_word }}{% if description %}: {{ description }}{% endif %}.

Your balance is now {{ balance_label }}.`,
  },
  reward_unlocked: {
    subject: "You have enough {{ points_name_plural }} for {{ reward_name }}",
    body: `${greetingEn}

Good news: with {{ balance_label }} you can now get {{ reward_name }} ({{ reward_cost_label }}).

Get it here: {{ program_url }}`,
  },
  reward_redeemed: {
    subject: "Your reward: {{ reward_name }}",
    body: `${greetingEn}

Here is your reward {{ reward_name }}{% if reward_value %} ({{ reward_value }}){% endif %}.

Your code: {{ code }}
{% if code_expires_on %}
Use it before {{ code_expires_on }}.
{% endif %}
Your balance is now {{ balance_label }}.`,
  },
  expiring_soon: {
    subject: "{{ points_label }} expire on {{ expires_on }}",
    body: `${greetingEn}

{{ points_label }} from your balance will expire on {{ expires_on }}. Spend them on a reward before then.

See the rewards: {{ program_url }}`,
  },
  new_tier: {
    subject: "Welcome to {{ tier_name }}",
    body: `${greetingEn}

You reached the {{ tier_name }} tier of {{ program_name }}. Thank you for your loyalty!

See your benefits: {{ program_url }}`,
  },
};

const fr: Record<EmailKind, EmailTemplateText> = {
  welcome: {
    subject: "Bienvenue dans {{ program_name }}",
    body: `${greetingFr}

Bienvenue dans {{ program_name }} ! Vous gagnez des {{ points_name_plural }} avec vos commandes et les échangez contre des récompenses.

Votre solde : {{ balance_label }}.

Voir les récompenses : {{ program_url }}`,
  },
  points_earned: {
    subject: "Vous avez gagné {{ points_label }}",
    body: `${greetingFr}

Vous avez gagné {{ points_label }}{% if description %} ({{ description }}){% endif %}. Votre solde est maintenant de {{ balance_label }}.
{% if pending_points > 0 %}
{{ pending_label }} de plus arrivent : ils seront utilisables {% if pending_until %}le {{ pending_until }}{% else %}à l’expédition de votre commande{% endif %}.
{% endif %}
Voir les récompenses : {{ program_url }}`,
  },
  balance_adjusted: {
    subject: "Votre solde de {{ points_name_plural }} a changé",
    body: `${greetingFr}

{{ shop_name }} a ajusté votre solde de {{ points_change }} {{ points_word }}{% if description %} : {{ description }}{% endif %}.

Votre solde est maintenant de {{ balance_label }}.`,
  },
  reward_unlocked: {
    subject:
      "Vous avez assez de {{ points_name_plural }} pour {{ reward_name }}",
    body: `${greetingFr}

Bonne nouvelle : avec {{ balance_label }}, vous pouvez obtenir {{ reward_name }} ({{ reward_cost_label }}).

À découvrir ici : {{ program_url }}`,
  },
  reward_redeemed: {
    subject: "Votre récompense : {{ reward_name }}",
    body: `${greetingFr}

Voici votre récompense {{ reward_name }}{% if reward_value %} ({{ reward_value }}){% endif %}.

Votre code : {{ code }}
{% if code_expires_on %}
À utiliser avant le {{ code_expires_on }}.
{% endif %}
Votre solde est maintenant de {{ balance_label }}.`,
  },
  expiring_soon: {
    subject: "{{ points_label }} expirent le {{ expires_on }}",
    body: `${greetingFr}

{{ points_label }} de votre solde expireront le {{ expires_on }}. Échangez-les contre une récompense d’ici là.

Voir les récompenses : {{ program_url }}`,
  },
  new_tier: {
    subject: "Bienvenue au niveau {{ tier_name }}",
    body: `${greetingFr}

Vous avez atteint le niveau {{ tier_name }} de {{ program_name }}. Merci de votre fidélité !

Voir vos avantages : {{ program_url }}`,
  },
};

const shipped: Record<string, Record<EmailKind, EmailTemplateText>> = {
  en,
  fr,
};

/** The shipped text for a language, English for any language the app does not ship. */
export function defaultEmailTemplate(
  kind: EmailKind,
  locale: string,
): EmailTemplateText {
  return (shipped[locale] ?? en)[kind];
}
