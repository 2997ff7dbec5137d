/** The public platform functions run with roles that cannot read the stage's secrets (resources/iam.yml). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

interface Statement {
  Action: string | string[];
}
interface Role {
  Type: string;
  Properties: { ManagedPolicyArns?: string[]; Policies?: { PolicyDocument: { Statement: Statement[] } }[] };
}

async function resolvedConfig() {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules/serverless/bin/serverless.js'),
      'print',
      '--format',
      'json',
      '--stage',
      'prod',
    ],
    { cwd: repoRoot, env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' }, maxBuffer: 32 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as {
    functions: Record<string, { role?: string }>;
    provider: { iam: { role: { statements: Statement[] } } };
    resources: { Resources: Record<string, Role> };
  };
}

const actions = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());

describe('IAM roles of the public platform functions', () => {
  it('docs, openapi and the 404 get no permissions beyond logs/VPC/X-Ray; health reads no SSM secret', async () => {
    const config = await resolvedConfig();
    const roleOf = (name: string) => {
      const role = config.functions[name]?.role;
      expect(role).toBeDefined();
      return config.resources.Resources[role!]!;
    };
    for (const name of ['docs', 'openapi', 'notFound']) {
      const role = roleOf(name);
      expect(role.Type).toBe('AWS::IAM::Role');
      expect(role.Properties.Policies ?? []).toEqual([]);
      expect(role.Properties.ManagedPolicyArns).toEqual([
        'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
        'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess',
      ]);
    }
    const health = roleOf('health');
    const healthActions = actions(
      (health.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement),
    );
    expect(healthActions.filter((action) => action.startsWith('ssm:'))).toEqual([]);
    expect(healthActions).not.toContain('sqs:SendMessage');
    // Everything else keeps the shared role, which is the one that may read the SSM secrets.
    expect(config.functions.login?.role).toBeUndefined();
    expect(actions(config.provider.iam.role.statements)).toContain('ssm:GetParameter');
  });
});
