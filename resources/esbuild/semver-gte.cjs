// What aws-xray-sdk-core (its SDK v2 patcher) and cls-hooked use of semver: `gte` on release versions
// (`process.versions.node >= 8.0.0`, `AWS.VERSION >= 2.7.15`). Bundled in its place: see plugins.cjs.
const parts = (version) =>
  String(version)
    .replace(/^v/, '')
    .split(/[-+]/)[0]
    .split('.')
    .map((part) => Number(part) || 0);

exports.gte = (a, b) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  }
  return true;
};
