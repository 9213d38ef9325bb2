/**
 * The VIP tiers and program settings pages (expiry, reconciliation, retroactive points, guest
 * claims), in English. Spread into en.ts; tiers-fr.ts has exactly these keys.
 */
export const tiersEn = {
  "nav.tiers": "VIP tiers",
  "nav.settings": "Settings",
  "ledger.kind.tier_bonus": "VIP tier bonus",

  "tiers.title": "VIP tiers",
  "tiers.subtitle":
    "Customers move up as soon as they reach a threshold, and down only when the window that earned the tier ends.",
  "tiers.basis": "Tiers are reached by",
  "tiers.basis.points_earned": "Points earned",
  "tiers.basis.money_spent": "Money spent",
  "tiers.window": "Counted over",
  "tiers.window.lifetime": "All time",
  "tiers.window.calendar_year": "The calendar year",
  "tiers.window.rolling_12_months": "The last 12 months",
  "tiers.empty": "No VIP tier yet. Add one to reward your best customers.",
  "tiers.add": "Add a tier",
  "tiers.remove": "Remove",
  "tiers.nameEn": "Name (English)",
  "tiers.nameFr": "Name (French)",
  "tiers.name.primaryHelp":
    "Your shop’s primary language: shoppers whose language has no name see this one.",
  "tiers.name.otherHelp": "Optional: shoppers in this language see it.",
  "tiers.name.required": "Enter a name in your shop’s primary language.",
  "tiers.threshold.points": "Points to reach it",
  "tiers.threshold.money": "Amount to spend ({currency})",
  "tiers.multiplier": "Points multiplier",
  "tiers.multiplier.help":
    "Orders earn this many times the usual points (1 to 10).",
  "tiers.entryBonus": "Entry bonus (points)",
  "tiers.members": { one: "{count} member", other: "{count} members" },
  "tiers.preview": "Preview the change",
  "tiers.apply": "Apply",
  "tiers.preview.title": "If you apply these tiers",
  "tiers.preview.up": {
    one: "{count} member moves up",
    other: "{count} members move up",
  },
  "tiers.preview.down": {
    one: "{count} member would move down",
    other: "{count} members would move down",
  },
  "tiers.preview.same": {
    one: "{count} member stays in the same tier",
    other: "{count} members stay in the same tier",
  },
  "tiers.preview.downNote":
    "Nobody moves down before the end of the window in which they earned their tier.",
  "tiers.applied": "Tiers saved: {up} up, {down} down.",
  "tiers.noTier": "No tier",
  "tiers.error":
    "Check the tiers: every tier needs a name and its own threshold.",

  "settings.title": "Settings",
  "settings.saved": "Settings saved.",
  "settings.save": "Save",
  "settings.expiry.title": "Points expiry",
  "settings.expiry.policy": "Points expire",
  "settings.expiry.none": "Never",
  "settings.expiry.inactivity":
    "After a period without activity (the whole balance)",
  "settings.expiry.per_lot":
    "A set time after they were earned (oldest points are spent first)",
  "settings.expiry.months": "After (months)",
  "settings.expiry.soonDays": "Warn the customer this many days before",
  "settings.expiry.help":
    "Expired points appear in the customer’s history. Pending or spent points never expire.",
  "settings.reconcile.title": "Missed orders",
  "settings.reconcile.help":
    "The app regularly asks Shopify for recent orders, so points arrive even when a notification is lost.",
  "settings.reconcile.every": "Check every (minutes)",
  "settings.reconcile.lastRun": "Last check: {date}",
  "settings.reconcile.never": "Not checked yet.",
  "settings.reconcile.lastError":
    "The last check stopped early and will resume: {error}",
  "settings.retroactive.title": "Points for past orders",
  "settings.retroactive.help":
    "Award points for orders placed in the last days. Orders that already earned points are never counted twice.",
  "settings.retroactive.days": "Orders from the last (days)",
  "settings.retroactive.run": "Award points",
  "settings.retroactive.queued":
    "Started: points for past orders will appear in a few moments.",
  "settings.retroactive.status.pending": "In progress",
  "settings.retroactive.status.done": "Done",
  "settings.retroactive.status.failed": "Failed",
  "settings.retroactive.summary": "{days}: {orders}, {points}",
  "settings.guest.title": "Guest orders",
  "settings.guest.help":
    "Orders placed without an account keep their points for the email address. They are added when a customer with that verified email signs up.",
  "settings.guest.days": "Keep guest points for (days)",
  "settings.guest.held": {
    one: "{count} guest order is waiting",
    other: "{count} guest orders are waiting",
  },
  "settings.error": "Check the highlighted values.",
};
