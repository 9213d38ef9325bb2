import type { scopesEn } from "~/i18n/messages/scopes-en";

type ScopesDictionary = { [K in keyof typeof scopesEn]: string };

/** Optional access scopes in the admin, in French (see scopes-en.ts). */
export const scopesFr: ScopesDictionary = {
  "scopes.granted": "Autorisation accordée.",
  "scopes.declined": "L’autorisation n’a pas été accordée.",
  "scopes.giftCards.title":
    "Les cartes-cadeaux nécessitent une autorisation de Shopify",
  "scopes.giftCards.body":
    "Pour proposer des cartes-cadeaux en récompense, l’application a besoin de l’autorisation « écrire les cartes-cadeaux » (write_gift_cards). Shopify l’accorde sur demande aux boutiques qui peuvent émettre des cartes-cadeaux. D’ici là, les récompenses en carte-cadeau ne sont pas proposées.",
  "scopes.giftCards.request": "Demander l’autorisation",
  "scopes.giftCards.existing":
    "Cette récompense en carte-cadeau ne peut pas être émise : l’application n’a pas l’autorisation « écrire les cartes-cadeaux ». Les clients qui l’échangent récupèrent leurs points.",
  "scopes.allOrders.window":
    "Shopify ne montre à l’application que les commandes des {days} derniers jours. Pour remonter jusqu’à {max} jours, l’application a besoin de l’autorisation « lire toutes les commandes » (read_all_orders), que Shopify doit d’abord approuver pour l’application.",
  "scopes.allOrders.full":
    "L’application peut lire toutes les commandes : jusqu’à {max} jours en arrière.",
  "scopes.allOrders.request": "Demander l’accès à toutes les commandes",
};
