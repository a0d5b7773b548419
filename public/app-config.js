// The app config page's Copy buttons: each copies the file it names to the clipboard and says
// whether that worked. The page is complete without this script; the buttons stay hidden.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const status = button.closest('.app-config__file-header')?.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = document.getElementById(button.dataset.copy)?.textContent ?? '';
      try {
        await navigator.clipboard.writeText(text);
        if (status) status.textContent = 'Copied.';
      } catch {
        if (status) status.textContent = 'Copy failed: select the text instead.';
      }
    });
  }
});
