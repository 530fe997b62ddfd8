// The page's Content-Security-Policy. renderer/index.html carries the same policy in a <meta> tag
// (for the Electron window, which loads the file directly); a test holds the two equal. Scripts,
// styles and fetches come from this origin only; no inline script or style element, no eval, no
// plugins, no frames, no forms posting anywhere. React sets inline styles through the CSSOM
// (element.style), which style-src does not restrict; CodeMirror uses constructable stylesheets.
export const UI_CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
] as const;

/** Sent as a header: what the meta tag says, plus what only a header can say (no framing). */
export const UI_CSP_HEADER = [...UI_CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': UI_CSP_HEADER,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
