import type { accessEn } from "~/i18n/messages/access-en";

/** The pages outside the embedded admin, in French (same keys as access-en.ts). */
export const accessFr: Record<keyof typeof accessEn, string> = {
  "login.title": "Ouvrir le programme de fidélité",
  "login.intro":
    "Cette application s’ouvre dans votre interface administrateur Shopify. Saisissez le domaine de votre boutique pour l’y ouvrir.",
  "login.shopLabel": "Domaine de la boutique",
  "login.shopHelp": "Par exemple : ma-boutique.myshopify.com",
  "login.submit": "Ouvrir dans Shopify",
  "login.error.MISSING_SHOP": "Saisissez le domaine de votre boutique.",
  "login.error.INVALID_SHOP":
    "Ce n’est pas un domaine de boutique. Utilisez celui qui se termine par .myshopify.com.",
  "settings.retroactive.retrying":
    "Shopify a demandé à l’application de ralentir : elle réessaiera dans quelques minutes, là où elle s’est arrêtée.",
  "settings.retroactive.failedHelp":
    "Shopify a refusé à plusieurs reprises. Relancez l’attribution : les commandes qui ont déjà rapporté des points ne sont jamais comptées deux fois.",
  "earn.moderation.messageTooLong":
    "Le message au client ne peut pas dépasser 500 caractères. Rien n’a été décidé.",
};
