// The JSON tab: CodeMirror 6 (modular, accessible, keyboard-complete, ~150 KB for what is used
// here) on the draft's text. The draft is shared with the form: what either writes, the other shows.
//
// The editor lives in a shadow root. CodeMirror puts its styles in a constructable stylesheet
// (CSSOM, allowed by the page's `style-src 'self'`) only inside a shadow root; in the document
// itself it adds a <style> element, which that policy blocks, and the editor lays out unstyled.
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

// Colours from the page's CSS variables, so the editor follows the light or dark theme.
const theme = EditorView.theme({
  // CSS variables inherit into the shadow root; app.css does not reach it.
  '&': { color: 'var(--text)', backgroundColor: 'var(--field)', border: '1px solid var(--border)', borderRadius: '6px', fontSize: '13px', minHeight: '360px', maxHeight: '70vh' },
  '.cm-scroller': { overflow: 'auto' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { caretColor: 'var(--text)', fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--row-hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--row-hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
});

export function JsonEditor({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });

  useEffect(() => {
    const element = host.current!;
    // React runs this effect twice in development: the shadow root from the first run stays.
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const editor = new EditorView({
      doc: value,
      parent: shadow,
      root: shadow,
      extensions: [
        basicSetup,
        json(),
        linter(jsonParseLinter()),
        lintGutter(),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) latest.current(update.state.doc.toString());
        }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // Created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className="json-editor" data-testid="json-editor" />;
}
