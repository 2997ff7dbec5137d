// Reading a V8 CPU profile (`node --cpu-prof` output, also what Chrome DevTools and speedscope open):
// self time by package and by frame within a time window, the way docs/performance.md reports profiles.

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  /** Microseconds, on the same monotonic clock as process.hrtime() of any process on the machine. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** Sampled time in the window, in ms. */
  totalMs: number;
  /** Share of the window the thread was idle (waiting for I/O). */
  idleShare: number;
  /** [name, share of the window], largest first. */
  byPackage: Array<[string, number]>;
  byFrame: Array<[string, number]>;
}

/** Where a frame comes from: its npm package, a Node built-in, our file (by folder), or V8 itself. */
export function packageOf(url: string, functionName: string, repoRoot: string): string {
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nodeModules) return nodeModules[1]!;
  if (url.startsWith('node:')) return url;
  if (!url) return functionName || '(native)';
  const local = url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '');
  return local.split('/').slice(0, 3).join('/');
}

/**
 * Self time per package and per frame of the samples taken in [fromUs, toUs) (the profile's own clock);
 * the whole profile when no window is given.
 */
export function selfTime(
  profile: CpuProfile,
  repoRoot: string,
  window: { fromUs?: number; toUs?: number } = {},
  top = 30,
): SelfTime {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byNode = new Map<number, number>();
  let clock = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock < (window.fromUs ?? -Infinity) || clock >= (window.toUs ?? Infinity)) return;
    byNode.set(id, (byNode.get(id) ?? 0) + delta);
    total += delta;
  });
  const byPackage = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let idle = 0;
  for (const [id, time] of byNode) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)') idle += time;
    const where = url
      .replace(/.*node_modules\//, '')
      .replace(`${repoRoot}/`, '')
      .replace(/^file:\/\//, '');
    const frame = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`.trim();
    const pkg = packageOf(url, functionName, repoRoot);
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + time);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]): [string, number] => [name, total ? time / total : 0]);
  return {
    totalMs: total / 1000,
    idleShare: total ? idle / total : 0,
    byPackage: ranked(byPackage),
    byFrame: ranked(byFrame),
  };
}
