import { type BuiltInIcon } from "~/loyalty/program-identity";

/** The built-in points icons (24 × 24 paths): drawn in the admin, served as SVG to the storefront. */
export const POINTS_ICON_PATHS: Record<BuiltInIcon, string> = {
  star: "M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z",
  coin: "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 3a7 7 0 1 1 0 14 7 7 0 0 1 0-14zm-1 3h2v8h-2z",
  heart:
    "M12 21s-7.5-4.6-9.6-9.2C.9 8.4 3 4.5 6.7 4.5c2.1 0 3.6 1.2 5.3 3 1.7-1.8 3.2-3 5.3-3 3.7 0 5.8 3.9 4.3 7.3C19.5 16.4 12 21 12 21z",
  gift: "M20 7h-2.2A3 3 0 0 0 12 3.8 3 3 0 0 0 6.2 7H4a1 1 0 0 0-1 1v3a1 1 0 0 0 1 1h1v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8h1a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1Zm-5-1.5a1.5 1.5 0 0 1 0 3h-2v-1A2 2 0 0 1 15 5.5ZM9 5.5a2 2 0 0 1 2 2v1H9a1.5 1.5 0 0 1 0-3ZM5 9h6v1H5Zm2 3h4v7H7Zm6 7v-7h4v7Zm6-9h-6V9h6Z",
  diamond: "M6 3h12l4 6-10 12L2 9z",
  leaf: "M20 4C10 4 4 9 4 16c0 1.4.3 2.7.8 4 .9-3.6 3.6-7.2 8.2-9.5-3.4 2.6-5.6 5.8-6.5 9.3C16.7 20.3 20 13.5 20 4z",
};

export function pointsIconSvg(icon: BuiltInIcon, color = "#e0a800"): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><path fill="${color}" fill-rule="evenodd" d="${POINTS_ICON_PATHS[icon]}"/></svg>`;
}
