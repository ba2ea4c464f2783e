// Light/dark: follow the system until the user picks one with the toggle; then keep their pick.
import { useStore } from '../store';

const CHOSEN_KEY = 'tensorglot:v1:theme-chosen';

const query = () => (typeof matchMedia === 'undefined' ? null : matchMedia('(prefers-color-scheme: dark)'));
const systemTheme = () => (query()?.matches ? 'dark' : 'light');

function chosen(): boolean {
  try {
    return localStorage.getItem(CHOSEN_KEY) === '1';
  } catch {
    return false;
  }
}

export function initTheme() {
  if (!chosen()) useStore.setState({ theme: systemTheme() });
  query()?.addEventListener('change', () => {
    if (!chosen()) useStore.setState({ theme: systemTheme() });
  });
}

export function toggleTheme() {
  try {
    localStorage.setItem(CHOSEN_KEY, '1');
  } catch {
    /* the pick then lasts for this page only */
  }
  useStore.setState((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }));
}
