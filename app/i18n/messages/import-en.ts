/**
 * Members → Import balances (ADR 0017), in English. Spread into en.ts; import-fr.ts has exactly
 * these keys.
 */
export const importEn = {
  "ledger.kind.import": "Imported from another app",
  "members.importBalances": "Import balances",

  "import.title": "Import balances",
  "import.intro":
    "Bring your members’ points from another loyalty app. Each member’s balance becomes the figure in the file; importing the same file again changes nothing.",
  "import.columns":
    "Columns: customer ID or email, points, and optionally birthday (YYYY-MM-DD) and VIP tier. Exports from Smile.io and LoyaltyLion (CSV, or the JSON Lines file of its API) are accepted as they are.",
  "import.file.label": "CSV file",
  "import.file.action": "Add file",
  "import.file.hint": "or drop a CSV file here (10 MB at most)",
  "import.file.chosen": "Chosen file: {file}",
  "import.check": "Check the file",
  "import.apply": "Apply import",
  "import.applyConfirm.title": "Apply the import?",
  "import.applyConfirm.body":
    "The balances listed as new members and balance changes are set to the file’s figures. Each change is recorded in the members’ history.",
  "import.cancel": "Cancel",
  "import.preview.title": "Dry run: {file}",
  "import.preview.help":
    "Nothing has changed yet. Check what each row will do, then apply the import.",
  "import.format.ours": "Format: this app’s export",
  "import.format.smile": "Format: Smile.io export",
  "import.format.loyaltylion": "Format: LoyaltyLion export",
  "import.format.other": "Format: CSV with recognised columns",
  "import.totals.newMembers": {
    one: "{count} new member",
    other: "{count} new members",
  },
  "import.totals.balanceChanges": {
    one: "{count} balance change",
    other: "{count} balance changes",
  },
  "import.totals.unchanged": {
    one: "{count} balance already right",
    other: "{count} balances already right",
  },
  "import.totals.alreadyImported": {
    one: "{count} row already imported",
    other: "{count} rows already imported",
  },
  "import.totals.unknownCustomers": {
    one: "{count} unknown customer",
    other: "{count} unknown customers",
  },
  "import.totals.invalid": {
    one: "{count} row with a bad value",
    other: "{count} rows with a bad value",
  },
  "import.totals.points": "Net change: {points}",
  "import.hiddenRows": {
    one: "{count} more row, not listed",
    other: "{count} more rows, not listed",
  },
  "import.column.line": "Line",
  "import.column.customer": "Customer",
  "import.column.outcome": "What happens",
  "import.column.before": "Balance now",
  "import.column.after": "Balance after",
  "import.column.change": "Change",
  "import.outcome.new_member": "New member",
  "import.outcome.balance_change": "Balance change",
  "import.outcome.unchanged": "No change",
  "import.outcome.already_imported": "Already imported",
  "import.outcome.unknown_customer": "Unknown customer",
  "import.outcome.invalid": "Bad value",
  "import.invalid.missing_customer": "No customer ID or email",
  "import.invalid.bad_customer_id": "Not a Shopify customer ID: “{value}”",
  "import.invalid.bad_email": "Not an email address: “{value}”",
  "import.invalid.bad_points":
    "Points must be a whole number of 0 or more: “{value}”",
  "import.invalid.bad_birthday":
    "Birthday must be written YYYY-MM-DD or MM-DD: “{value}”",
  "import.invalid.duplicate_customer":
    "Customer already on line {firstLine}: “{value}”",
  "import.unknownTier": "VIP tier “{tier}” not found: imported without it",
  "import.error.noFile": "Choose a CSV file to import.",
  "import.error.tooLarge":
    "This file is larger than 10 MB. Split it into smaller files and import each one.",
  "import.error.empty": "This file is empty.",
  "import.error.no_points_column":
    "No points column found. Name it “points” (or “Points balance”, “Points approved”).",
  "import.error.no_customer_column":
    "No customer column found. Add “customer_id” or “email”.",
  "import.error.unreadable": "This file is not a readable CSV.",
  "import.error.unreadableAt":
    "This file is not a readable CSV (a quote is not closed; see line {line}).",
  "import.error.lookupFailed":
    "Shopify could not be reached to look up customers. Try again in a moment.",
  "import.error.notFound": "Check the file again before applying it.",
  "import.error.alreadyApplied":
    "This file was already imported: nothing changed.",
  "import.applied.title": "Balances imported",
  "import.applied.toast": "Balances imported",
};
