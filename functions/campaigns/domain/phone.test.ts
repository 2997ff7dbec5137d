import { parsePhone } from './phone.js';

describe('parsePhone', () => {
  it('normalises to E.164 and derives the national destination code', () => {
    expect(parsePhone(' +7 (912) 345-67-89 ')).toEqual({
      ok: true,
      e164: '+79123456789',
      operatorCode: '912',
    });
    expect(parsePhone('+49 1512 3456789')).toEqual({
      ok: true,
      e164: '+4915123456789',
      operatorCode: '1512',
    });
    expect(parsePhone('+1 212 555 0123')).toEqual({ ok: true, e164: '+12125550123', operatorCode: '212' });
  });

  it('rejects numbers without a country code and impossible numbers', () => {
    expect(parsePhone('0151 23456789')).toMatchObject({ ok: false });
    expect(parsePhone('+49 12')).toMatchObject({ ok: false });
    expect(parsePhone('+abc')).toMatchObject({ ok: false });
  });
});
