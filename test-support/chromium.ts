// How every browser test here starts Debian's Chromium (see DESIGN.md: a test tool's own browser cannot be
// downloaded, and without the networking flags Chromium keeps dialling hosts this closed network refuses).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
