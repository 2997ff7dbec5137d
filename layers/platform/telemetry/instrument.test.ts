import { redactPath } from './instrument.js';

describe('redactPath (span URLs)', () => {
  it('hides a Telegram bot token wherever the path carries one, and leaves other paths alone', () => {
    expect(redactPath('/bot4242:local-fake-token/sendMessage')).toBe('/bot<token>/sendMessage');
    expect(redactPath('/bot123456789:AAH-x_Yz/getMe')).toBe('/bot<token>/getMe');
    expect(redactPath('/file/bot123:abc/photos/1.jpg')).toBe('/file/bot<token>/photos/1.jpg');
    expect(redactPath('/bottles/12')).toBe('/bottles/12');
    expect(redactPath('/sending-api/v1/send/42')).toBe('/sending-api/v1/send/42');
  });
});
