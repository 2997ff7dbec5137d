import nodemailer from 'nodemailer';
import type { ChannelSender } from '../deps.js';
import { ChannelSendError } from '../domain/delivery-policy.js';

/** SMTP through nodemailer (SMTP_URL), with connection and socket timeouts. */
export function emailSender(options: { smtpUrl: string; from: string; timeoutMs: number }): ChannelSender {
  const transport = nodemailer.createTransport(options.smtpUrl, {
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
