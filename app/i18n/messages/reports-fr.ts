import type { reportsEn } from "~/i18n/messages/reports-en";
import type { PluralMessage } from "~/i18n/messages/types";

type ReportsMessages = {
  [K in keyof typeof reportsEn]: (typeof reportsEn)[K] extends string
    ? string
    : PluralMessage;
};

/** Le rapport de points, ses exports et les chiffres de l’accueil (issue 8), en français. */
export const reportsFr: ReportsMessages = {
  "nav.reports": "Rapports",

  "reports.title": "Rapport sur les points",
  "reports.subtitle":
    "Tous les mouvements de points, filtrés. Les dates sont dans le fuseau horaire de la boutique ({timeZone}).",
  "reports.filter.search": "Rechercher par nom ou adresse e-mail du client",
  "reports.filter.from": "Du",
  "reports.filter.to": "Au",
  "reports.filter.dates": "Période",
  "reports.filter.kind": "Type",
  "reports.filter.wayToEarn": "Façon de gagner",
  "reports.filter.datesLabel": "du {from} au {to}",
  "reports.filter.fromOnly": "Depuis le {from}",
  "reports.filter.toOnly": "Jusqu’au {to}",
  "reports.filter.invalidDate": "Saisissez une date au format AAAA-MM-JJ.",
  "reports.filter.owed": "Points encore dus",
  "reports.filter.deletedRule": "{name} (supprimée)",
  "reports.kind.earned": "Gagnés",
  "reports.kind.redeemed": "Échangés",
  "reports.kind.adjusted": "Ajustés",
  "reports.kind.expired": "Expirés",
  "reports.kind.reversed": "Annulés",
  "reports.kind.gifts": "Cadeaux",
  "reports.kind.import": "Importés",
  "reports.totals.issued": "Émis",
  "reports.totals.spent": "Dépensés",
  "reports.totals.expired": "Expirés",
  "reports.totals.net": "Variation nette",
  "reports.totals.help":
    "Émis : points accordés (hors échanges restitués). Dépensés : points échangés, déduction faite des échanges restitués. Variation nette : tous les mouvements ensemble.",
  "reports.entries": { one: "{count} mouvement", other: "{count} mouvements" },
  "reports.column.date": "Date et heure",
  "reports.column.customer": "Client",
  "reports.column.email": "Adresse e-mail",
  "reports.column.customerId": "ID client",
  "reports.column.kind": "Type",
  "reports.column.note": "Remarque",
  "reports.column.order": "Commande",
  "reports.column.points": "Mouvement",
  "reports.column.balanceAfter": "Solde après",
  "reports.column.pointsOwed": "Points encore dus",
  "reports.redacted": "Données du client effacées",
  "reports.owed": {
    one: "{count} point n’a pas pu être repris (déjà dépensé) : encore dû par cette commande",
    other:
      "{count} points n’ont pas pu être repris (déjà dépensés) : encore dus par cette commande",
  },
  "reports.addPoints": "Ajouter des points à ce client",
  "reports.export.csv": "Exporter en CSV",
  "reports.export.xlsx": "Exporter en Excel",
  "reports.export.failed":
    "L’export n’a pas pu être créé. Réessayez dans un instant.",
  "reports.empty.heading": "Aucun mouvement de points ne correspond",
  "reports.empty.body":
    "Essayez d’autres dates, un autre client ou moins de filtres. Les points apparaissent ici dès que les membres les gagnent ou les dépensent.",
  "reports.sheetName": "Mouvements de points",
  "reports.fileName": "rapport-points",
  "member.export.fileName": "historique-points",
  "member.export.csv": "Exporter l’historique (CSV)",
  "member.export.xlsx": "Exporter l’historique (Excel)",

  "home.period.label": "Période",
  "home.period.7d": "7 derniers jours",
  "home.period.30d": "30 derniers jours",
  "home.period.90d": "90 derniers jours",
  "home.period.12m": "12 derniers mois",
  "home.stats.activeMembers": "Membres actifs (30 jours)",
  "home.stats.activeMembersHelp": "Membres qui ont gagné ou échangé des points",
  "home.stats.issued": "Points émis",
  "home.stats.redeemed": "Points échangés",
  "home.stats.expired": "Points expirés",
  "home.stats.liability": "Valeur des points en circulation",
  "home.stats.liabilityRate":
    "Au meilleur taux de vos récompenses : {points} pour {amount}",
  "home.stats.liabilityNone":
    "Aucune récompense à valeur fixe (montant de réduction, carte cadeau, curseur) pour estimer les points.",
  "home.stats.redemptionRate": "Taux d’échange",
  "home.stats.redemptionRateHelp":
    "Points échangés pour chaque point émis sur la période",
  "home.stats.loyaltyOrders": "Commandes avec un code fidélité",
  "home.stats.loyaltyRevenue": "Chiffre d’affaires avec un code fidélité",
  "home.stats.loyaltyRevenueHelp": "Sous-totaux des commandes après réductions",
  "home.stats.pointsOwed": "Points encore dus après remboursement",
  "home.stats.pointsOwedHelp":
    "Commandes remboursées dont les points étaient déjà dépensés : ces points n’ont pas pu être repris.",
  "home.stats.pointsOwedLink": "Les voir dans le rapport",
  "home.chart.title": "Évolution des points",
  "home.chart.issued": "Émis",
  "home.chart.redeemed": "Échangés",
  "home.chart.expired": "Expirés",
  "home.chart.description":
    "Points émis, échangés et expirés par {unit} sur la période.",
  "home.chart.unit.day": "jour",
  "home.chart.unit.month": "mois",
  "home.chart.empty": "Aucun mouvement de points sur cette période.",
};
