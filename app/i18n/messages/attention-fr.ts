import { type attentionEn } from "~/i18n/messages/attention-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** La carte « À traiter » de l’accueil, en français : exactement les clés de attention-en.ts. */
export const attentionFr: {
  [K in keyof typeof attentionEn]: (typeof attentionEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "attention.title": "À traiter",
  "attention.intro":
    "Shopify a envoyé ces mises à jour, mais l’application n’a pas pu les lire. Les commandes sont relues automatiquement depuis Shopify\u00a0; les points de celles ci-dessous peuvent manquer tant qu’elles ne sont pas traitées.",
  "attention.count": {
    one: "{count}\u00a0mise à jour n’a pas pu être traitée",
    other: "{count}\u00a0mises à jour n’ont pas pu être traitées",
  },
  "attention.order": "Commande {orderId}",
  "attention.noOrder": "Aucune commande n’a pu être identifiée",
  "attention.topic": "Événement Shopify\u00a0: {topic}",
  "attention.fields": "Champs illisibles\u00a0: {fields}",
  "attention.received": "Reçue le {date}",
  "attention.attempts": {
    one: "Relue {count}\u00a0fois depuis Shopify, sans succès",
    other: "Relue {count}\u00a0fois depuis Shopify, sans succès",
  },
  "attention.retry": "Réessayer",
  "attention.dismiss": "Ignorer",
  "attention.retried":
    "Nouvel essai\u00a0: la commande est relue depuis Shopify. Actualisez dans un instant.",
  "attention.dismissed": "Ignorée.",
  "attention.gone": "Cet élément a déjà été traité ou ignoré.",
  "attention.more": {
    one: "Et {count}\u00a0autre, non affichée.",
    other: "Et {count}\u00a0autres, non affichées.",
  },
};
