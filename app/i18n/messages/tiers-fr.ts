import { type tiersEn } from "~/i18n/messages/tiers-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** Les pages « Niveaux VIP » et « Réglages », en français : exactement les clés de tiers-en.ts. */
export const tiersFr: {
  [K in keyof typeof tiersEn]: (typeof tiersEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "nav.tiers": "Niveaux VIP",
  "nav.settings": "Réglages",
  "ledger.kind.tier_bonus": "Bonus de niveau VIP",

  "tiers.title": "Niveaux VIP",
  "tiers.subtitle":
    "Un client monte de niveau dès qu’il atteint un seuil, et ne redescend qu’à la fin de la période qui lui a valu ce niveau.",
  "tiers.basis": "Les niveaux s’obtiennent selon",
  "tiers.basis.points_earned": "Les points gagnés",
  "tiers.basis.money_spent": "Le montant dépensé",
  "tiers.window": "Sur la période",
  "tiers.window.lifetime": "Depuis toujours",
  "tiers.window.calendar_year": "L’année civile",
  "tiers.window.rolling_12_months": "Les 12 derniers mois",
  "tiers.empty":
    "Aucun niveau VIP pour l’instant. Ajoutez-en un pour récompenser vos meilleurs clients.",
  "tiers.add": "Ajouter un niveau",
  "tiers.remove": "Retirer",
  "tiers.nameEn": "Nom (anglais)",
  "tiers.nameFr": "Nom (français)",
  "tiers.name.primaryHelp":
    "Langue principale de la boutique : les clients dont la langue n’a pas de nom voient celui-ci.",
  "tiers.name.otherHelp":
    "Facultatif : les clients dans cette langue le voient.",
  "tiers.name.required":
    "Saisissez un nom dans la langue principale de la boutique.",
  "tiers.threshold.points": "Points pour l’atteindre",
  "tiers.threshold.money": "Montant à dépenser ({currency})",
  "tiers.multiplier": "Multiplicateur de points",
  "tiers.multiplier.help":
    "Les commandes rapportent ce multiple des points habituels (de 1 à 10).",
  "tiers.entryBonus": "Bonus d’entrée (points)",
  "tiers.members": { one: "{count} membre", other: "{count} membres" },
  "tiers.preview": "Voir l’effet du changement",
  "tiers.apply": "Appliquer",
  "tiers.preview.title": "Si vous appliquez ces niveaux",
  "tiers.preview.up": {
    one: "{count} membre monte de niveau",
    other: "{count} membres montent de niveau",
  },
  "tiers.preview.down": {
    one: "{count} membre descendrait de niveau",
    other: "{count} membres descendraient de niveau",
  },
  "tiers.preview.same": {
    one: "{count} membre garde son niveau",
    other: "{count} membres gardent leur niveau",
  },
  "tiers.preview.downNote":
    "Personne ne descend avant la fin de la période qui lui a valu son niveau.",
  "tiers.applied": "Niveaux enregistrés : {up} en hausse, {down} en baisse.",
  "tiers.noTier": "Aucun niveau",
  "tiers.error":
    "Vérifiez les niveaux : chacun doit avoir un nom et son propre seuil.",

  "settings.title": "Réglages",
  "settings.saved": "Réglages enregistrés.",
  "settings.save": "Enregistrer",
  "settings.expiry.title": "Expiration des points",
  "settings.expiry.policy": "Les points expirent",
  "settings.expiry.none": "Jamais",
  "settings.expiry.inactivity":
    "Après une période sans activité (tout le solde)",
  "settings.expiry.per_lot":
    "Un certain temps après avoir été gagnés (les plus anciens sont dépensés en premier)",
  "settings.expiry.months": "Au bout de (mois)",
  "settings.expiry.soonDays": "Prévenir le client ce nombre de jours avant",
  "settings.expiry.help":
    "Les points expirés figurent dans l’historique du client. Les points en attente ou déjà dépensés n’expirent jamais.",
  "settings.reconcile.title": "Commandes manquées",
  "settings.reconcile.help":
    "L’application demande régulièrement à Shopify les commandes récentes : les points arrivent même si une notification se perd.",
  "settings.reconcile.every": "Vérifier toutes les (minutes)",
  "settings.reconcile.lastRun": "Dernière vérification : {date}",
  "settings.reconcile.never": "Aucune vérification pour l’instant.",
  "settings.reconcile.lastError":
    "La dernière vérification s’est interrompue et reprendra : {error}",
  "settings.retroactive.title": "Points des commandes passées",
  "settings.retroactive.help":
    "Attribuez des points aux commandes des derniers jours. Une commande qui a déjà rapporté des points n’est jamais comptée deux fois.",
  "settings.retroactive.days": "Commandes des derniers (jours)",
  "settings.retroactive.run": "Attribuer les points",
  "settings.retroactive.queued":
    "C’est parti : les points des commandes passées apparaîtront dans quelques instants.",
  "settings.retroactive.status.pending": "En cours",
  "settings.retroactive.status.done": "Terminé",
  "settings.retroactive.status.failed": "Échec",
  "settings.retroactive.summary": "{days}\u00a0: {orders}, {points}",
  "settings.guest.title": "Commandes sans compte",
  "settings.guest.help":
    "Les commandes passées sans compte gardent leurs points pour l’adresse e-mail. Ils sont crédités quand un client avec cette adresse e-mail vérifiée crée son compte.",
  "settings.guest.days": "Conserver les points des invités pendant (jours)",
  "settings.guest.held": {
    one: "{count} commande sans compte en attente",
    other: "{count} commandes sans compte en attente",
  },
  "settings.error": "Vérifiez les valeurs signalées.",
};
