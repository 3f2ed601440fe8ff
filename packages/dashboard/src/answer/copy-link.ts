// Copying a link for colleagues: the Clipboard API, else the caller selects the text for Ctrl+C.

/** True when the text is on the clipboard; false when the browser refused (no permission, not focused, old). */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
