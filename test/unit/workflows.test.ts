// The rules every workflow follows, checked on the parsed YAML (and, for pins and run scripts, on the text).
// Each rule is a small function from a workflow to its problems; the last block runs them on a deliberately bad
// workflow, so a rule that stops finding anything fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
const WORKFLOW_DIR = join(ROOT, '.github/workflows');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, unknown>>;
}
interface Job {
  readonly permissions?: unknown;
  readonly environment?: string | { readonly name?: string };
  readonly concurrency?: { readonly group?: string; readonly 'cancel-in-progress'?: boolean };
  readonly 'timeout-minutes'?: unknown;
  readonly strategy?: { readonly 'max-parallel'?: number; readonly 'fail-fast'?: boolean; readonly matrix?: unknown };
  readonly steps?: readonly Step[];
}
interface Workflow {
  readonly on?: unknown;
  readonly permissions?: unknown;
  readonly jobs: Readonly<Record<string, Job>>;
}
interface WorkflowFile {
  readonly name: string;
  readonly text: string;
  readonly workflow: Workflow;
}

const ROLE_ACTION = 'aws-actions/configure-aws-credentials';
/** The only scopes a job may ask for, and the most it may ask. */
const ALLOWED_PERMISSIONS: Readonly<Record<string, string>> = {
  contents: 'read',
  'id-token': 'write',
  'pull-requests': 'write',
};

const assumesRole = (job: Job) => (job.steps ?? []).some((s) => s.uses?.startsWith(`${ROLE_ACTION}@`));
const permissionsOf = (job: Job) => (job.permissions ?? {}) as Record<string, string>;
const environmentOf = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name);

/** Every remote action is pinned to a full commit SHA with its version in a comment: `uses: o/r@<sha> # v1.2.3`. */
function unpinnedActions({ text }: WorkflowFile): string[] {
  return text
    .split('\n')
    .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !match[1]?.startsWith('./'))
    .filter(
      ([, ref, rest]) =>
        !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref ?? '') || !/^\s+# v\d+\.\d+\.\d+$/.test(rest ?? ''),
    )
    .map(([line]) => `not pinned to a SHA with a "# vX.Y.Z" comment: ${line?.trim()}`);
}

/** `permissions: {}` at the top, and every job names its own, within ALLOWED_PERMISSIONS. */
function permissionProblems({ workflow }: WorkflowFile): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.permissions) !== '{}') problems.push('top-level permissions is not {}');
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (typeof job.permissions !== 'object' || job.permissions === null) {
      problems.push(`job ${id} does not list its permissions`);
      continue;
    }
    for (const [scope, level] of Object.entries(permissionsOf(job))) {
      const allowed = ALLOWED_PERMISSIONS[scope];
      if (!allowed || (level === 'write' && allowed !== 'write'))
        problems.push(`job ${id} asks for ${scope}: ${level}`);
    }
    const idToken = permissionsOf(job)['id-token'] === 'write';
    if (idToken !== assumesRole(job)) {
      problems.push(
        `job ${id} ${idToken ? 'has id-token: write but assumes no role' : 'assumes a role without id-token: write'}`,
      );
    }
    if (idToken && permissionsOf(job)['pull-requests'] === 'write') {
      problems.push(`job ${id} holds AWS credentials and pull-request write access together`);
    }
  }
  return problems;
}

/** A job that assumes a deploy role is bound to a GitHub environment and never runs twice at once or is cancelled. */
function deployJobProblems({ workflow }: WorkflowFile): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const role = (job.steps ?? []).find((s) => s.uses?.startsWith(`${ROLE_ACTION}@`))?.with?.['role-to-assume'];
    if (typeof role !== 'string' || !role.includes('deployRoleArn')) continue;
    const environment = environmentOf(job);
    if (!environment) problems.push(`deploy job ${id} is not bound to a GitHub environment`);
    if (!environment || !job.concurrency?.group?.includes(environment)) {
      problems.push(`deploy job ${id} has no concurrency group per environment`);
    }
    if (job.concurrency?.['cancel-in-progress'] !== false) {
      problems.push(`deploy job ${id} may cancel a running deploy`);
    }
  }
  return problems;
}

/** Every job has a timeout; every checkout leaves no token behind. */
function hygieneProblems({ workflow }: WorkflowFile): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const timeout = job['timeout-minutes'];
    if (typeof timeout !== 'number' || timeout <= 0) problems.push(`job ${id} has no timeout-minutes`);
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        problems.push(`job ${id} checks out without persist-credentials: false`);
      }
    }
  }
  return problems;
}

/** No trigger that runs with the base repository's secrets on a fork's code. */
function triggerProblems({ workflow }: WorkflowFile): string[] {
  const on = workflow.on;
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
  return triggers
    .filter((t) => ['pull_request_target', 'workflow_run'].includes(String(t)))
    .map((t) => `trigger ${t} runs untrusted code with the base repository's privileges`);
}

/** No expression is spliced into a shell or github-script script: values reach scripts through `env:`. */
function scriptInjectionProblems({ workflow }: WorkflowFile): string[] {
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      const script = step.run ?? (typeof step.with?.script === 'string' ? step.with.script : undefined);
      if (script?.includes('${{'))
        problems.push(`job ${id} splices an expression into a script: ${script.trim().split('\n')[0]}`);
    }
  }
  return problems;
}

const RULES = [
  unpinnedActions,
  permissionProblems,
  deployJobProblems,
  hygieneProblems,
  triggerProblems,
  scriptInjectionProblems,
];
const problemsOf = (file: WorkflowFile) => RULES.flatMap((rule) => rule(file));

function load(name: string, text: string): WorkflowFile {
  return { name, text, workflow: parse(text) as Workflow };
}

const files = readdirSync(WORKFLOW_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => load(name, readFileSync(join(WORKFLOW_DIR, name), 'utf8')));

describe('every workflow', () => {
  it('includes ci.yml and deploy.yml', () => {
    expect(files.map((f) => f.name).sort()).toEqual(['ci.yml', 'deploy.yml']);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s follows every rule', (_name, file) => {
    expect(problemsOf(file)).toEqual([]);
  });
});

describe('ci.yml', () => {
  const ci = files.find((f) => f.name === 'ci.yml') as WorkflowFile;
  const runs = Object.values(ci.workflow.jobs).flatMap((job) => (job.steps ?? []).map((s) => s.run ?? ''));

  it('runs on pull requests and on pushes', () => {
    expect(Object.keys(ci.workflow.on as object).sort()).toEqual(['pull_request', 'push']);
  });

  it('installs from the lock file with a dependency cache, then lints, type-checks, tests, synthesizes, scans and checks the CDK Terrain migration', () => {
    const setupNode = Object.values(ci.workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.cache).toBe('npm');
    for (const command of [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run synth',
      'npm run scan',
      'npm run lint:workflows',
      'npm run test:migrate',
    ]) {
      expect(runs.some((run) => run.startsWith(command))).toBe(true);
    }
  });

  it('uploads the synthesized Terraform', () => {
    const upload = Object.values(ci.workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('cdktf.out');
  });
});

describe('deploy.yml', () => {
  const { workflow } = files.find((f) => f.name === 'deploy.yml') as WorkflowFile;
  const { environments, diff, comment, deploy } = workflow.jobs;
  const roleOf = (job: Job | undefined) =>
    job?.steps?.find((s) => s.uses?.startsWith(`${ROLE_ACTION}@`))?.with?.['role-to-assume'];

  it('takes its environments from the config, through one job output', () => {
    const matrix = '${{ fromJSON(needs.environments.outputs.matrix) }}';
    expect(environments?.steps?.some((s) => s.run?.startsWith('node ops/env-stacks.mjs matrix'))).toBe(true);
    expect(diff?.strategy?.matrix).toBe(matrix);
    expect(deploy?.strategy?.matrix).toBe(matrix);
  });

  it('diffs pull requests with the read-only plan role, without taking the state lock', () => {
    expect(roleOf(diff)).toBe('${{ matrix.planRoleArn }}');
    const plan = diff?.steps?.find((s) => s.run?.startsWith('npm run plan --'));
    expect(plan?.env?.TF_CLI_ARGS_plan).toBe('-lock=false');
  });

  it('posts the diff from a job that can comment but holds no AWS credentials and runs no pull-request code', () => {
    expect(comment?.permissions).toEqual({ 'pull-requests': 'write' });
    expect(comment?.steps?.some((s) => s.uses?.startsWith('actions/checkout@') || s.run)).toBe(false);
    const script = String(comment?.steps?.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script);
    expect(script).toContain('updateComment');
    expect(script).toContain('<!-- cdktf-diff -->');
  });

  it('deploys one environment at a time in promotion order and stops at the first failure', () => {
    expect(deploy?.strategy).toMatchObject({ 'max-parallel': 1, 'fail-fast': true });
    expect(roleOf(deploy)).toBe('${{ matrix.deployRoleArn }}');
    expect(environmentOf(deploy as Job)).toBe('${{ matrix.name }}');
    expect(deploy?.concurrency).toEqual({ group: 'deploy-${{ matrix.name }}', 'cancel-in-progress': false });
    expect(deploy?.steps?.some((s) => s.run === 'npm run deploy -- "$ENVIRONMENT"')).toBe(true);
  });

  it('deploys only pushes to main and diffs only pull requests', () => {
    expect(String((deploy as { if?: string }).if)).toContain("github.ref == 'refs/heads/main'");
    expect(String((diff as { if?: string }).if)).toContain("github.event_name == 'pull_request'");
  });
});

describe('dependabot.yml', () => {
  it('updates the npm packages and the pinned actions', () => {
    const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string }[];
    };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});

describe('the rules themselves', () => {
  const bad = load(
    'bad.yml',
    [
      'on: [push, pull_request_target]',
      'permissions: write-all',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-24.04',
      '    permissions: { contents: write, pull-requests: write }',
      '    steps:',
      '      - uses: actions/checkout@v6',
      `      - uses: ${ROLE_ACTION}@8df5847569e6427dd6c4fb1cf565c83acfa8afa7`,
      '        with: { role-to-assume: "${{ matrix.deployRoleArn }}" }',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n'),
  );

  it.each([
    ['unpinned actions', unpinnedActions, 2],
    ['permissions', permissionProblems, 3],
    ['deploy jobs', deployJobProblems, 3],
    ['timeouts and checkouts', hygieneProblems, 2],
    ['triggers', triggerProblems, 1],
    ['script injection', scriptInjectionProblems, 1],
  ] as const)('finds every %s problem in a bad workflow', (_what, rule, count) => {
    expect(rule(bad)).toHaveLength(count);
  });
});
