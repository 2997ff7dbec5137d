import { z } from 'zod';

export const CreatePaymentBody = z.strictObject({
  bookingId: z.string().min(1).max(200),
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  callbackUrl: z.url({ protocol: /^https?$/ }),
});

export const CompletePaymentBody = z.strictObject({ outcome: z.enum(['succeeded', 'failed']) });

export const ProviderPaymentView = z.object({
  paymentId: z.uuid(),
  status: z.enum(['pending', 'succeeded', 'failed']),
});

export const CompletedPaymentView = ProviderPaymentView.extend({ eventId: z.uuid() });

export type CreatePaymentInput = z.infer<typeof CreatePaymentBody>;
