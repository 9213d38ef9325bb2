import { type adminUiEn } from "~/i18n/messages/admin-ui-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** Mots communs à l’administration, en français : les clés de admin-ui-en.ts. */
export const adminUiFr: {
  [K in keyof typeof adminUiEn]: (typeof adminUiEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "confirm.cancel": "Annuler",
  "confirm.delete": "Supprimer",
  "toast.saved": "Enregistré",
  "saveBar.save": "Enregistrer",
  "saveBar.discard": "Annuler les modifications",
  "toast.deleted": "Supprimé",
  "earn.campaigns.timeZone":
    "Les heures sont celles du fuseau horaire de la boutique ({timeZone}).",
  "earn.campaigns.deleteTitle": "Supprimer la campagne « {name} » ?",
  "earn.campaigns.deleteBody":
    "Les commandes déjà récompensées gardent leurs points. Cette action est irréversible.",
  "earn.delete.title": "Supprimer cette façon de gagner des points ?",
  "member.adjust.deductTitle": "Retirer des points ?",
  "codes.summary.line": "{imported}\u00a0: {assigned}, {remaining}, {deleted}.",
  "codes.count.imported": {
    one: "{count} code importé",
    other: "{count} codes importés",
  },
  "codes.count.assigned": {
    one: "{count} attribué à un client",
    other: "{count} attribués à des clients",
  },
  "codes.count.remaining": {
    one: "{count} inutilisé",
    other: "{count} inutilisés",
  },
  "codes.count.deleted": {
    one: "{count} supprimé",
    other: "{count} supprimés",
  },
  "codes.files.column.deleted": "Supprimés",
  "member.rewards.giftCardCode": "Carte-cadeau {code}",
  "rewards.column.gifts": "Offertes",
  "settings.retroactive.days": {
    one: "Dernier jour",
    other: "{count} derniers jours",
  },
  "settings.retroactive.orders": {
    one: "{count} commande",
    other: "{count} commandes",
  },
} as const;
