import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads a header and rows with their file lines, skipping blank lines', () => {
    const { header, rows } = parseCsv(
      'phone,tag,timeZone\r\n+49151,vip,Europe/Berlin\n\n+7912,,Europe/Moscow\n',
    );
    expect(header).toEqual(['phone', 'tag', 'timeZone']);
    expect(rows).toEqual([
      { line: 2, cells: ['+49151', 'vip', 'Europe/Berlin'] },
      { line: 4, cells: ['+7912', '', 'Europe/Moscow'] },
    ]);
  });

  it('handles quoted fields with commas, quotes and line breaks', () => {
    const { rows } = parseCsv('a,b\n"x, ""y""","multi\nline"\nlast,row');
    expect(rows).toEqual([
      { line: 2, cells: ['x, "y"', 'multi\nline'] },
      { line: 4, cells: ['last', 'row'] },
    ]);
  });
});
