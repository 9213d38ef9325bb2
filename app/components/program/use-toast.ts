import { useEffect } from "react";

declare global {
  interface Window {
    shopify?: { toast?: { show(message: string): void } };
  }
}

/** Shows App Bridge's toast once per new `message` (a save, a switch). */
export function useToast(message: string | null, key: unknown) {
  useEffect(() => {
    if (message) window.shopify?.toast?.show(message);
    // `key` changes with every action answer, so the same message can show twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
