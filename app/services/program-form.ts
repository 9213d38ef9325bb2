import {
  IDENTITY_LOCALES,
  parseIdentityForm,
  type IdentityParse,
} from "~/loyalty/program-identity";

/** The Program page's form fields (`pointsNames.fr.one`, `comingSoonText.en`…) as the core's input. */
export function parseProgramFormData(form: FormData): IdentityParse {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const pointsNames: Record<string, { one: string; other: string }> = {};
  const comingSoonText: Record<string, string> = {};
  for (const locale of IDENTITY_LOCALES) {
    pointsNames[locale] = {
      one: text(`pointsNames.${locale}.one`),
      other: text(`pointsNames.${locale}.other`),
    };
    comingSoonText[locale] = text(`comingSoonText.${locale}`);
  }
  return parseIdentityForm({
    name: text("name"),
    pointsIcon: text("pointsIcon") || "star",
    pointsNames,
    comingSoonText,
  });
}

/** The most an upload may weigh before it is even read (the core refuses above 256 KB anyway). */
export const UPLOAD_READ_LIMIT = 512 * 1024;
