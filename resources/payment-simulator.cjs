// Whether this deploy carries the payment provider simulator (functions/payment-provider). It is opt-in
// per stage (`params.<stage>.paymentSimulator: 'true'`, on for `local` only) and never deployed when
// PAYMENT_PROVIDER_URL is set: a stage that takes real payments has no simulator to forge them with.
// Serverless resolves `${file(./resources/payment-simulator.cjs):<name>}` with these functions.
const wanted = async ({ resolveVariable }) =>
  String(await resolveVariable('param:paymentSimulator')) === 'true' && !process.env.PAYMENT_PROVIDER_URL;

module.exports.enabled = async (context) => String(await wanted(context));

module.exports.functionsFile = async (context) =>
  (await wanted(context)) ? 'functions/payment-provider/functions.yml' : 'resources/no-functions.yml';
