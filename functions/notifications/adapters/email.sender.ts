import nodemailer from 'nodemailer';
import type { ChannelSender } from '../deps.js';
import { ChannelSendError } from '../domain/delivery-policy.js';

/**
 * SMTP through nodemailer (SMTP_URL), with connection and socket timeouts. Connections are pooled (a few
 * per container, each reused for up to 100 messages) so a batch of deliveries does not pay a TCP and
 * SMTP handshake per message; an idle connection closes after the socket timeout. A connection that died
 * while the container was frozen fails its send as `unavailable`, which is retried like any outage.
 */
export function emailSender(options: { smtpUrl: string; from: string; timeoutMs: number }): ChannelSender {
  const transport = nodemailer.createTransport(options.smtpUrl, {
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  } as nodemailer.TransportOptions);
  return {
    async send(address, notification) {
      try {
        await transport.sendMail({
          from: options.from,
          to: address,
          subject: notification.title,
          text: notification.body ?? notification.title,
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = `smtp: ${(error as Error).message}`.slice(0, 300);
        if (code && code >= 500 && code < 600) throw new ChannelSendError({ kind: 'rejected', reason });
        throw new ChannelSendError({ kind: 'unavailable', reason });
      }
    },
  };
}
