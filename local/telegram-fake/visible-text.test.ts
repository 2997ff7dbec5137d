import { visibleText } from './server.js';

describe('the fake Bot API keeps what Telegram keeps as a message text', () => {
  it('drops HTML markup and decodes entities when the message was sent with parse_mode HTML', () => {
    expect(visibleText('<b>Call Ada</b> starts in <i>5</i> minutes', 'HTML')).toBe(
      'Call Ada starts in 5 minutes',
    );
    expect(
      visibleText(
        '<a href="https://x.test/?a=1&amp;b=2">Pay</a> 5 &lt; 6 &amp; 7 &gt; 3 &quot;ok&quot;',
        'HTML',
      ),
    ).toBe('Pay 5 < 6 & 7 > 3 "ok"');
    expect(visibleText('caf&#233; &#x2705;', 'HTML')).toBe('café ✅');
  });

  it('leaves plain text alone', () => {
    expect(visibleText('<b>not markup</b> &amp;', undefined)).toBe('<b>not markup</b> &amp;');
  });
});
