; Additions to the Windows installer (electron-builder.yml: nsis.include).
;
; Toast buttons (Approve, Deny) reach the app through a COM class that Electron registers per user
; at the first start, under the fixed CLSID in main/desktop/app-identity.ts (TOAST_ACTIVATOR_CLSID;
; a packaging test holds the two equal). Uninstalling removes that registration with the app.
!define KRAKEN_GATE_TOAST_CLSID "{C52ACB67-9CF9-45C7-B46A-22A4D8B195DB}"

!macro customUnInstall
  DeleteRegKey HKCU "Software\Classes\CLSID\${KRAKEN_GATE_TOAST_CLSID}"
!macroend
