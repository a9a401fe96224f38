/** OS notifications while the page is hidden: only after the user allowed them, never for a visible page. */
export const desktopSupported = (): boolean => typeof Notification !== 'undefined';

export const desktopPermission = (): NotificationPermission | 'unsupported' =>
  desktopSupported() ? Notification.permission : 'unsupported';

/** Asks the browser's permission; call from a click (browsers ignore a request without a user gesture). */
export async function askDesktopPermission(): Promise<NotificationPermission | 'unsupported'> {
  return desktopSupported() ? Notification.requestPermission() : 'unsupported';
}

/** Raises one OS notification when the page is hidden and permission is granted; returns whether it did. */
export function showDesktop(title: string, body: string, tag: string): boolean {
  if (document.visibilityState !== 'hidden' || desktopPermission() !== 'granted') return false;
  const n = new Notification(title, { body, tag });
  n.onclick = () => {
    window.focus();
    n.close();
  };
  return true;
}
