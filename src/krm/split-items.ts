/**
 * Splits a block-style ResourceList into its top-level text and one text chunk per item, so that items
 * can be parsed and written one at a time: memory stays that of one item instead of a whole document
 * tree, and items without comments are written back as their own text. Anything that is not plainly
 * block style gives `undefined`, and the caller parses the whole document instead.
 */

export interface ItemChunk {
  /** The item's lines with the sequence indicator blanked and the sequence indentation removed. */
  text: string;
  /** The item exactly as written, shifted to column 0 (`- ...`). */
  verbatim: string;
}

export interface SplitList {
  /** The document without the items, with `items: []` in their place. */
  head: string;
  items: ItemChunk[];
}

const ITEMS_KEY = /^items:[ \t]*(#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

function isItemStart(line: string, indent: number): boolean {
  return indentOf(line) === indent && (line[indent] === '-' && (line.length === indent + 1 || line[indent + 1] === ' ' || line[indent + 1] === '\t'));
}

export function splitItems(text: string): SplitList | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  const keyLines = lines.flatMap((l, i) => (ITEMS_KEY.test(l) ? [i] : []));
  if (keyLines.length !== 1) return undefined;
  const keyLine = keyLines[0]!;
  // Directives and document markers belong to whole-document parsing.
  if (lines.some((l) => l.startsWith('---') || l.startsWith('...') || l.startsWith('%'))) return undefined;

  let first = keyLine + 1;
  while (first < lines.length && isBlankOrComment(lines[first]!)) first++;
  if (first >= lines.length || !lines[first]!.trimStart().startsWith('-')) return undefined;
  const seqIndent = indentOf(lines[first]!);

  const items: ItemChunk[] = [];
  let end = first;
  let current: string[] = [];
  // Blank lines at an item's end stay with it: after a keep-chomping block scalar (`|+`, `>+`) they are
  // part of its value.
  let afterForeignComment = false;
  const flush = () => {
    if (current.length === 0) return;
    const shifted = current.map((l) => l.slice(Math.min(seqIndent, indentOf(l))));
    const blanked = [` ${shifted[0]!.slice(1)}`, ...shifted.slice(1)];
    items.push({ text: `${blanked.join('\n')}\n`, verbatim: `${shifted.join('\n')}\n` });
    current = [];
  };
  // The empty string after a final line break is no line.
  const last = text.endsWith('\n') ? lines.length - 1 : lines.length;
  for (; end < last; end++) {
    const line = lines[end]!;
    if (line.trim() === '') {
      // A comment left of the items ends any block scalar, and the blank lines after it are no value's.
      if (!afterForeignComment) current.push(line);
      continue;
    }
    const indent = indentOf(line);
    if (line.trimStart().startsWith('#') && indent <= seqIndent) {
      // A comment at or left of the sequence belongs to no item; keep it out of all chunks.
      afterForeignComment = true;
      continue;
    }
    afterForeignComment = false;
    if (indent < seqIndent) break;
    if (indent === seqIndent) {
      if (!isItemStart(line, seqIndent)) {
        if (seqIndent === 0) break; // the next top-level key
        return undefined;
      }
      flush();
    }
    current.push(line);
  }
  flush();
  const rest = lines.slice(end);
  const head = [...lines.slice(0, keyLine), 'items: []', ...rest].join('\n');
  return { head, items };
}
