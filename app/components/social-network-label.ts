/** Networks as their owners write them ("TikTok", not "Tiktok"). */
const LABELS: Record<string, string> = {
  instagram: "Instagram",
  tiktok: "TikTok",
  facebook: "Facebook",
  x: "X",
  youtube: "YouTube",
  linkedin: "LinkedIn",
  pinterest: "Pinterest",
  threads: "Threads",
  snapchat: "Snapchat",
};

export function socialNetworkLabel(network: string): string {
  return LABELS[network] ?? network.charAt(0).toUpperCase() + network.slice(1);
}
