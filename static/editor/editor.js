// The manifest editor: CodeMirror 6 with YAML colouring, line numbers, two-space
// indentation on Tab/Shift-Tab, undo/redo, search, and lint marks that the Rust side
// computes. It is bundled at build time (scripts/bundle-editor.mjs) into one local
// script that defines `globalThis.OrdinalEditor`, which the Yew app drives through
// wasm-bindgen (src/ui/editor_bridge.rs). Nothing here decides what is an error.
import { EditorState, Annotation, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from '@codemirror/view';
import {
  defaultKeymap, history, historyKeymap, indentWithTab,
} from '@codemirror/commands';
import {
  indentOnInput, indentUnit, syntaxHighlighting, HighlightStyle, bracketMatching,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { tags } from '@lezer/highlight';

// Marks a change made by the app (a scale written back, a reset), so it is not
// reported back as the user's edit.
const fromApp = Annotation.define();

// Colours come from CSS custom properties, so light and dark follow the page.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--code-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.documentMeta, tags.processingInstruction], color: 'var(--code-meta)' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--code-punctuation)' },
  { tag: [tags.labelName, tags.typeName], color: 'var(--code-meta)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--code-bg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--code-gutter)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'var(--code-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--code-active)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--code-selection)',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
});

// The accessible name follows the page's language, so it can be swapped later.
const label = new Compartment();
const labelled = (name) => EditorView.contentAttributes.of({ 'aria-label': name });

function create(parent, text, onChange, name) {
  const state = EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      indentUnit.of('  '),
      EditorState.tabSize.of(2),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(highlight),
      yaml(),
      lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
      theme,
      label.of(labelled(name || 'Manifest YAML')),
      EditorView.contentAttributes.of({
        'aria-multiline': 'true',
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
      }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        if (update.transactions.some((tr) => tr.annotation(fromApp))) return;
        onChange(update.state.doc.toString());
      }),
    ],
  });
  return new EditorView({ state, parent });
}

// Replace only the part that differs, so the cursor stays put and the change is one
// undoable step.
function setText(view, text) {
  const old = view.state.doc.toString();
  if (old === text) return;
  let start = 0;
  const shortest = Math.min(old.length, text.length);
  while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let oldEnd = old.length;
  let newEnd = text.length;
  while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  view.dispatch({
    changes: { from: start, to: oldEnd, insert: text.slice(start, newEnd) },
    annotations: fromApp.of(true),
  });
}

// `marks` is JSON: [{line, column, endLine, endColumn, severity, message}], lines and
// columns 1-based, the end exclusive. A mark that is only a point underlines the rest
// of its line, so it can be seen.
function setMarks(view, marks) {
  const doc = view.state.doc;
  const at = (lineNumber, column) => {
    const line = doc.line(Math.min(Math.max(lineNumber, 1), doc.lines));
    return line.from + Math.min(Math.max(column - 1, 0), line.length);
  };
  const diagnostics = JSON.parse(marks).map((mark) => {
    const from = at(mark.line, mark.column);
    let to = mark.endLine ? at(mark.endLine, mark.endColumn) : from;
    if (to <= from) {
      const line = doc.lineAt(from);
      to = from < line.to ? line.to : from;
    }
    return { from, to, severity: mark.severity, message: mark.message, source: 'Ordinal' };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

function setLabel(view, name) {
  view.dispatch({ effects: label.reconfigure(labelled(name)) });
}

function destroy(view) {
  view.destroy();
}

function focus(view) {
  view.focus();
}

globalThis.OrdinalEditor = { create, setText, setMarks, setLabel, destroy, focus };
