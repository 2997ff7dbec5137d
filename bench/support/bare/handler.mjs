// Constant JSON, no middleware: what serverless-offline itself costs per request.
const body = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', name: 'Bench', ok: true });

export const constant = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body,
});
