/**
 * A language's name in the admin's language, from Intl (no list to keep): "de" → "German" in
 * English, "Allemand" in French. An unknown code is shown as typed.
 */
export function languageName(adminLocale: string, code: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([adminLocale], { type: "language" }).of(code);
  } catch {
    name = undefined;
  }
  if (!name || name === code) return code;
  return `${name.charAt(0).toLocaleUpperCase(adminLocale)}${name.slice(1)}`;
}
