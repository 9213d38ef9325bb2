import { type programEn } from "~/i18n/messages/program-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** La page « Programme » et Réglages → Journal d’activité, en français : les clés de program-en.ts. */
export const programFr: {
  [K in keyof typeof programEn]: (typeof programEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "nav.program": "Programme",
  "proxy.error.program_inactive": "Le programme de fidélité est en pause.",

  "programPage.title": "Programme",
  "programPage.switch.heading": "Programme de fidélité",
  "programPage.switch.on":
    "Activé : les commandes et les façons de gagner rapportent des points, et les clients peuvent échanger des récompenses.",
  "programPage.switch.off":
    "Désactivé : rien n’est gagné ni échangé et la boutique n’affiche rien. Les soldes sont conservés.",
  "programPage.switch.turnOn": "Activer",
  "programPage.switch.turnOff": "Désactiver",
  "programPage.switch.confirmTitle": "Désactiver le programme de fidélité ?",
  "programPage.switch.confirmBody":
    "Les commandes passées pendant la pause ne rapportent pas de points (vous pourrez les attribuer plus tard avec les points rétroactifs, dans Réglages). Les échanges sont refusés et le widget est masqué dans la boutique. Les clients gardent leur solde.",
  "programPage.switch.confirm": "Désactiver",
  "programPage.switch.cancel": "Annuler",
  "programPage.switch.switchedOn": "Programme activé",
  "programPage.switch.switchedOff": "Programme désactivé",
  "programPage.identity.heading": "Nom et points",
  "programPage.identity.help":
    "Affichés aux clients dans le widget de la boutique, dans les e-mails et dans cette interface.",
  "programPage.name": "Nom du programme",
  "programPage.name.placeholder": "Club fidélité",
  "programPage.pointsName.heading": "Nom des points",
  "programPage.pointsName.help":
    "Laissez vide pour « point » et « points ». Remplissez les deux formes d’une langue.",
  "programPage.pointsName.one": "Singulier ({language})",
  "programPage.pointsName.other": "Pluriel ({language})",
  "programPage.pointsName.preview": "Aperçu : {one} · {other}",
  "programPage.language.en": "anglais",
  "programPage.language.fr": "français",
  "programPage.icon.heading": "Icône des points",
  "programPage.icon.star": "Étoile",
  "programPage.icon.coin": "Pièce",
  "programPage.icon.heart": "Cœur",
  "programPage.icon.gift": "Cadeau",
  "programPage.icon.diamond": "Diamant",
  "programPage.icon.leaf": "Feuille",
  "programPage.icon.upload": "Votre image",
  "programPage.icon.dropHint":
    "PNG, JPEG ou WebP. Redimensionnée en 128 × 128 pixels.",
  "programPage.icon.uploaded": "Icône importée",
  "programPage.icon.uploading": "Importation…",
  "programPage.comingSoon.heading": "Pendant la pause",
  "programPage.comingSoon.help":
    "Texte facultatif affiché dans la boutique à la place du widget, par exemple « Notre programme de fidélité arrive bientôt ». Vide : rien n’est affiché.",
  "programPage.comingSoon.label": "Texte ({language})",
  "programPage.save": "Enregistrer",
  "programPage.saved": "Programme enregistré",
  "programPage.error.heading": "Le programme n’a pas pu être enregistré",
  "programPage.error.name_too_long": "60 caractères au maximum.",
  "programPage.error.points_name_too_long": "30 caractères au maximum.",
  "programPage.error.points_name_incomplete":
    "Remplissez le singulier et le pluriel.",
  "programPage.error.coming_soon_too_long": "280 caractères au maximum.",
  "programPage.error.unknown_icon": "Choisissez une des icônes.",
  "programPage.error.no_uploaded_icon": "Importez d’abord une image.",
  "programPage.error.icon_too_large": "L’image dépasse 256 Ko.",
  "programPage.error.icon_not_image":
    "Ce fichier n’est pas une image PNG, JPEG ou WebP.",
  "programPage.error.icon_too_big": "L’image dépasse 512 × 512 pixels.",
  "home.switch.on": "Les clients gagnent et échangent des points.",
  "home.switch.off": "En pause : rien n’est gagné ni échangé.",
  "home.switch.manage": "Gérer le programme",

  "activity.title": "Journal d’activité",
  "activity.subtitle":
    "Chaque modification faite dans l’interface, avec son auteur.",
  "activity.column.when": "Date et heure",
  "activity.column.who": "Membre du personnel",
  "activity.column.what": "Opération",
  "activity.column.detail": "Détail",
  "activityLog.resource.singular": "opération",
  "activityLog.resource.plural": "opérations",
  "activity.filter.action": "Type d’opération",
  "activity.filter.who": "Membre du personnel",
  "activity.filter.all": "Toutes",
  "activity.empty.heading": "Aucune activité pour l’instant",
  "activity.empty.body":
    "Les ajustements, les cadeaux et les modifications du programme s’affichent ici.",
  "activity.actor.unknown": "Membre du personnel inconnu",
  "activity.actor.id": "Membre du personnel {id}",
  "audit.action.program.switched_on": "A activé le programme",
  "audit.action.program.switched_off": "A désactivé le programme",
  "audit.action.program.identity_saved":
    "A modifié le nom du programme ou des points",
  "audit.action.program.icon_uploaded": "A importé une icône de points",
  "audit.action.points.adjusted": "A ajusté des points",
  "audit.action.reward.gifted": "A offert une récompense",
  "audit.action.reward.saved": "A enregistré une récompense",
  "audit.action.reward.archived": "A archivé une récompense",
  "audit.action.rule.saved": "A enregistré une façon de gagner",
  "audit.action.rule.deleted": "A supprimé une façon de gagner",
  "audit.action.campaign.saved": "A enregistré une campagne",
  "audit.action.campaign.deleted": "A supprimé une campagne",
  "audit.action.tiers.saved": "A enregistré les niveaux VIP",
  "audit.action.settings.saved": "A enregistré les réglages",
  "audit.action.retroactive.requested": "A demandé des points rétroactifs",
  "audit.action.import.applied": "A importé des soldes",
  // Counts with the language's plural rules ("1 jour", "2 jours").
  "earn.delay.hours": {
    one: "{count}\u00a0heure",
    other: "{count}\u00a0heures",
  },
  "earn.delay.days": { one: "{count}\u00a0jour", other: "{count}\u00a0jours" },
  "earn.points.timing.after_payment_delay": "{delay} après le paiement",
  "member.history.by": "Par {who}",
};
