import { useState } from "react";

/**
 * Downloads an export through the app's own fetch (App Bridge adds the session token to it), then
 * hands the file to the browser. The server streams it; `pending` says which format is on its way.
 */
export function useExportDownload() {
  const [pending, setPending] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const download = async (url: string, format: string) => {
    setPending(format);
    setFailed(false);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Export answered ${response.status}`);
      const blob = await response.blob();
      const name =
        /filename="([^"]+)"/.exec(
          response.headers.get("Content-Disposition") ?? "",
        )?.[1] ?? `export.${format}`;
      const href = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = href;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled; keep the URL a while for slow disks.
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch {
      setFailed(true);
    } finally {
      setPending(null);
    }
  };
  return { download, pending, failed, dismissFailure: () => setFailed(false) };
}
