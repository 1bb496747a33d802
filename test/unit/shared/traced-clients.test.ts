// Every AWS SDK client a function builds must be captured by the tracer, or its calls vanish from the trace.
// A source check: it names the file and the client that is built without tracer.captureAWSv3Client.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const functionsDir = join(__dirname, '../../../functions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Value imports of SDK client classes: `import { SSMClient } from '@aws-sdk/client-ssm'` (not `type`), and the
 * lazy form `const { SQSClient } = require('@aws-sdk/client-sqs')` (clients created on first use).
 */
function sdkClientNames(source: string): string[] {
  const names: string[] = [];
  const forms = /(?:import\s*\{([^}]*)\}\s*from\s*|const\s*\{([^}]*)\}\s*=\s*require\()'@aws-sdk\/client-[a-z0-9-]+'/g;
  for (const match of source.matchAll(forms)) {
    for (const part of (match[1] ?? match[2] ?? '').split(',')) {
      const name = part.trim();
      if (/^[A-Za-z0-9]+Client$/.test(name)) names.push(name);
    }
  }
  return names;
}

/** `new XClient(` occurrences not directly inside tracer.captureAWSv3Client(...). */
function uncaptured(source: string): string[] {
  return sdkClientNames(source).flatMap((name) =>
    [...source.matchAll(new RegExp(`(\\S*)\\s*new ${name}\\(`, 'g'))]
      .filter((match) => !(match[1] ?? '').endsWith('tracer.captureAWSv3Client('))
      .map(() => name),
  );
}

describe('AWS SDK clients in functions/', () => {
  it('finds the clients the functions build', () => {
    const built = sourceFiles(functionsDir).flatMap((file) => sdkClientNames(readFileSync(file, 'utf8')));
    // The template's own clients, so the scan is known to see them; a team's added client joins the list.
    expect(built).toEqual(
      expect.arrayContaining(['KMSClient', 'SecretsManagerClient', 'SSMClient', 'SQSClient', 'DynamoDBClient']),
    );
  });

  it('builds every one through tracer.captureAWSv3Client', () => {
    const offenders = sourceFiles(functionsDir).flatMap((file) =>
      uncaptured(readFileSync(file, 'utf8')).map((name) => `${relative(functionsDir, file)}: new ${name}(...)`),
    );
    expect(offenders).toEqual([]);
  });

  it('flags a client built without the tracer', () => {
    const source = "import { KMSClient } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
    expect(uncaptured(source)).toEqual(['KMSClient']);
    expect(uncaptured(source.replace('new KMSClient({})', 'tracer.captureAWSv3Client(new KMSClient({}))'))).toEqual([]);
  });

  it('flags a lazily required client built without the tracer', () => {
    const source = "const { SQSClient } = require('@aws-sdk/client-sqs') as X;\nreturn new SQSClient({});\n";
    expect(uncaptured(source)).toEqual(['SQSClient']);
  });
});
