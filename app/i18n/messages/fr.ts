import type { Dictionary } from "~/i18n/messages/dictionary";
import { accessFr } from "~/i18n/messages/access-fr";
import { earnFr } from "~/i18n/messages/earn-fr";
import { programFr } from "~/i18n/messages/program-fr";
import { memberPointsFr } from "~/i18n/messages/member-points-fr";
import { adminUiFr } from "~/i18n/messages/admin-ui-fr";
import { attentionFr } from "~/i18n/messages/attention-fr";
import { emailsFr } from "~/i18n/messages/emails-fr";
import { tiersFr } from "~/i18n/messages/tiers-fr";
import { rewardErrorsFr } from "~/i18n/messages/reward-errors-fr";
import { rewardsFr } from "~/i18n/messages/rewards-fr";
import { scopesFr } from "~/i18n/messages/scopes-fr";
import { importFr } from "~/i18n/messages/import-fr";
import { pickersFr } from "~/i18n/messages/pickers-fr";
import { shopperFr } from "~/i18n/messages/shopper-fr";
import { reportsFr } from "~/i18n/messages/reports-fr";
import { validationFr } from "~/i18n/messages/validation-fr";

/**
 * French, for merchants in France and Quebec alike: typographic apostrophes, a no-break space
 * (\u00a0) after « n° », and the words French merchants use (« solde », « adresse e-mail »,
 * « points en circulation »), not calques of the English.
 */
export const fr: Dictionary = {
  "nav.home": "Accueil",
  "nav.members": "Membres",

  points: { one: "{count} point", other: "{count} points" },

  "program.title": "Programme",
  "program.status.active": "Actif",
  "program.status.paused": "En pause",
  "program.status.notSetUp": "Non configuré",
  "program.earnRate":
    "Vos clients gagnent {points} pour chaque tranche de {amount} dépensée.",
  "program.earnBase":
    "Les points sont calculés sur le sous-total de la commande après remises, hors frais d’expédition, taxes et cartes-cadeaux.",
  "program.pausedHelp":
    "Les commandes ne rapportent aucun point tant que le programme est en pause.",
  "program.notSetUpHelp":
    "Votre programme est en cours de configuration. Actualisez cette page dans un instant.",

  "home.title": "Programme de fidélité",
  "home.stats.members": "Membres",
  "home.stats.pointsOutstanding": "Points en circulation",
  "home.stats.pointsOutstandingHelp":
    "Points que vos membres peuvent encore utiliser",
  "home.stats.pointsIssued": "Points attribués ces 30 derniers jours",
  "home.activity.title": "Activité récente",
  "home.activity.empty": "Aucun point n’a encore été gagné ni utilisé.",
  "home.topMembers.title": "Soldes les plus élevés",
  "home.topMembers.viewAll": "Voir tous les membres",
  "home.empty.heading": "Aucun membre pour l’instant",
  "home.empty.body":
    "Vos clients rejoignent le programme en créant un compte sur votre boutique. Leurs points s’affichent ici dès leur première commande.",

  "activity.resource.singular": "mouvement de points",
  "activity.resource.plural": "mouvements de points",
  "activity.column.customer": "Client",
  "activity.column.activity": "Opération",
  "activity.column.points": "Points",
  "activity.column.balanceAfter": "Solde après l’opération",
  "activity.column.date": "Date",

  "ledger.kind.order_award": "Gagnés sur une commande",
  "ledger.kind.refund_reversal": "Retirés après un remboursement",
  "ledger.kind.cancellation_reversal": "Retirés après une annulation",
  "ledger.kind.manual_adjustment": "Ajustement manuel",
  "ledger.kind.redemption": "Échangés contre une récompense",
  "ledger.kind.redemption_refund": "Restitués (récompense non émise)",
  "ledger.kind.expiry": "Expirés",
  "ledger.kind.other": "Autre mouvement",
  "ledger.note.issueFailed":
    "La récompense n’a pas pu être émise\u00a0: points restitués",
  "ledger.note.cancelled": "Récompense annulée\u00a0: points restitués",
  "ledger.note.expired":
    "Récompense expirée sans avoir été utilisée\u00a0: points restitués",

  "form.error.invalid": "Saisissez une valeur valide.",
  "form.error.httpAddress": "Utilisez une adresse http(s).",
  "form.error.productOrCollection":
    "Choisissez au moins un produit ou une collection.",
  "form.error.actionKey":
    "Lettres minuscules, chiffres, - et _ (64 caractères au maximum).",
  "form.error.twoDecimals": "Deux décimales au maximum.",
  "form.error.campaignEnd": "Une campagne doit se terminer après son début.",
  "form.error.limitAmount":
    "Une limite demande un nombre d’attributions ou un nombre de points.",
  "form.error.limitPerPeriod": "Une seule limite par période.",

  "earn.notFound.heading": "Façon de gagner des points introuvable",
  "earn.notFound.body":
    "Cette façon de gagner des points n’existe pas ou a été supprimée.",

  "proxy.error.not_logged_in": "Connectez-vous pour voir vos points.",
  "proxy.error.not_a_member":
    "Votre compte ne fait pas encore partie du programme.",
  "proxy.error.unknown_rule":
    "Cette façon de gagner des points n’est pas disponible.",
  "proxy.error.limit_reached":
    "Vous avez atteint la limite pour cette façon de gagner des points.",
  "proxy.error.already_pending":
    "Votre envoi précédent est encore en cours de vérification.",
  "proxy.error.invalid_content":
    "Vérifiez votre saisie\u00a0: elle n’a pas pu être acceptée.",
  "proxy.error.invalid_date": "Cette date n’existe pas.",

  "member.customerFallback": "Client n°\u00a0{id}",
  "member.redacted": "Données personnelles effacées à la demande du client",
  "member.balance": "Solde",
  "member.memberSince": "Membre depuis le {date}",
  "member.details.title": "Informations",
  "member.email": "Adresse e-mail",
  "member.noEmail": "Aucune adresse e-mail",
  "member.customerId": "Identifiant client Shopify",
  "member.history.title": "Historique des points",
  "member.history.empty": "Aucun point n’a encore été gagné ni utilisé.",
  "member.notFound.heading": "Membre introuvable",
  "member.notFound.body":
    "Ce membre n’existe pas ou a été retiré du programme.",

  "members.title": "Membres",
  "members.resource.singular": "membre",
  "members.resource.plural": "membres",
  "members.count": { one: "{count} membre", other: "{count} membres" },
  "members.search.label": "Rechercher des membres",
  "members.search.placeholder": "Rechercher par nom ou adresse e-mail",
  "members.sort.label": "Trier par",
  "members.sort.balanceDesc": "Solde le plus élevé",
  "members.sort.balanceAsc": "Solde le plus faible",
  "members.sort.joinedDesc": "Membres les plus récents",
  "members.sort.joinedAsc": "Membres les plus anciens",
  "members.column.member": "Membre",
  "members.column.email": "Adresse e-mail",
  "members.column.balance": "Solde",
  "members.column.joined": "Date d’inscription",
  "members.empty.heading": "Aucun membre trouvé",
  "members.empty.search":
    "Essayez avec un autre nom ou une autre adresse e-mail.",
  "members.empty.none":
    "Vos clients apparaîtront ici dès qu’ils auront rejoint le programme.",

  "pagination.label": "Page {page} sur {pages}",
  "pagination.previous": "Page précédente",
  "pagination.next": "Page suivante",

  ...rewardsFr,
  ...rewardErrorsFr,
  ...earnFr,
  ...tiersFr,
  ...scopesFr,
  ...programFr,
  ...memberPointsFr,
  ...adminUiFr,
  ...attentionFr,
  ...shopperFr,
  ...reportsFr,
  ...emailsFr,
  ...accessFr,
  ...importFr,
  ...pickersFr,
  ...validationFr,
};
