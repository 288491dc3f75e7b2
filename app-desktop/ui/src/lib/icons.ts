// Simple 24×24 line icons for service categories (names from the content pack's
// `icon` field). Unknown names get the generic icon.

export const ICONS: Readonly<Record<string, string>> = {
  'id-card': 'M3 6h18v12H3z M7 10a2 2 0 1 0 4 0a2 2 0 1 0-4 0 M6 16c.5-2 5.5-2 6 0 M14 10h4 M14 13h4',
  health: 'M9 3h6v6h6v6h-6v6H9v-6H3V9h6z',
  baby: 'M12 7a3 3 0 1 0 0-.01 M7 21v-4c0-3 2-5 5-5s5 2 5 5v4 M10 16h4',
  tax: 'M5 3h14v18l-3-2-2 2-2-2-2 2-2-2-3 2z M9 8h6 M9 12h6 M9 16h3',
  permit: 'M6 3h9l4 4v14H6z M15 3v4h4 M9 13l2 2 4-4',
  social: 'M8 8a2.5 2.5 0 1 0 0-.01 M16 8a2.5 2.5 0 1 0 0-.01 M3 19c0-3 2-5 5-5s5 2 5 5 M11 19c0-3 2-5 5-5s5 2 5 5',
  car: 'M5 11l2-5h10l2 5 M3 11h18v6H3z M6 17v2 M18 17v2 M7 14h1 M16 14h1',
  road: 'M8 3L4 21 M16 3l4 18 M12 4v3 M12 10v3 M12 16v3',
  environment: 'M5 19c0-8 6-14 15-14c0 9-6 15-14 15 M5 19l7-7',
  fish: 'M3 12c3-5 10-6 15 0c-5 6-12 5-15 0z M18 12l3-3v6z M8 11h.01',
  agriculture: 'M12 21V9 M12 13c-4 0-6-3-6-6c4 0 6 3 6 6z M12 11c0-4 2-6 6-6c0 4-2 6-6 6z M6 21h12',
  market: 'M3 9l2-5h14l2 5z M4 9v11h16V9 M9 20v-6h6v6',
  business: 'M3 8h18v12H3z M8 8V5h8v3 M3 13h18',
  procurement: 'M4 4h16v4H4z M6 8v12h12V8 M9 12h6 M9 16h6',
  tourism: 'M3 20l6-10 4 6 3-4 5 8z M16 7a2 2 0 1 0 0-.01',
  book: 'M4 5c3-1 6-1 8 1c2-2 5-2 8-1v14c-3-1-6-1-8 1c-2-2-5-2-8-1z M12 6v14',
  education: 'M2 9l10-5 10 5-10 5z M6 11v5c3 2 9 2 12 0v-5 M22 9v6',
  emergency: 'M12 3l9 17H3z M12 10v4 M12 17h.01',
  shield: 'M12 3l8 3v6c0 5-4 8-8 9c-4-1-8-4-8-9V6z M9 12l2 2 4-4',
  village: 'M3 11l5-4 5 4 M5 10v10h6V10 M13 20h8V12l-4-3-4 3 M7 20v-4h2v4',
  info: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M12 11v6 M12 7h.01',
  news: 'M4 5h13v14H4z M17 9h3v8a2 2 0 0 1-2 2 M7 9h7 M7 12h7 M7 15h4',
  home: 'M3 11l9-7 9 7 M5 10v10h14V10 M10 20v-6h4v6',
  services: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  back: 'M15 5l-7 7 7 7',
  sync: 'M20 12a8 8 0 0 1-14 5 M4 12a8 8 0 0 1 14-5 M18 3v4h-4 M6 21v-4h4',
  online: 'M2 9c6-5 14-5 20 0 M5 13c4-3 10-3 14 0 M8.5 16.5c2-1.5 5-1.5 7 0 M12 20h.01',
  offline: 'M2 9c6-5 14-5 20 0 M5 13c4-3 10-3 14 0 M12 20h.01 M3 3l18 18',
  location: 'M12 21s-7-6-7-11a7 7 0 0 1 14 0c0 5-7 11-7 11z M12 10h.01',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M12 7v5l3 3',
  money: 'M3 7h18v10H3z M12 10a2 2 0 1 0 0 4a2 2 0 1 0 0-4 M6 10v.01 M18 14v.01',
  phone: 'M5 3h4l2 5-3 2c1 3 3 5 6 6l2-3 5 2v4c0 1-1 2-2 2C10 21 3 14 3 5c0-1 1-2 2-2z',
  generic: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18 M8 12h8 M12 8v8',
};

export function iconPath(name: string): string {
  return ICONS[name] ?? (ICONS['generic'] as string);
}
