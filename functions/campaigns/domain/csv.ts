/**
 * A small RFC 4180 reader: comma-separated, double-quoted fields may hold commas, quotes ("") and line
 * breaks; CRLF or LF. The first non-empty line is the header. Blank lines are skipped. Each row keeps
 * the file line it starts on.
 */
export function parseCsv(text: string): { header: string[]; rows: { line: number; cells: string[] }[] } {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else cell += char;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  return {
    header: (head?.cells ?? []).map((name) => name.trim()),
    rows: rows.map((row) => ({ ...row, cells: row.cells.map((c) => c.trim()) })),
  };
}
