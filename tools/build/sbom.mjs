// A CycloneDX 1.6 SBOM of one function bundle, derived from esbuild's metafile: the npm packages whose code esbuild
// inlined into the bundle (at least one byte in the output), each with its version, licence and tarball hash from
// package-lock.json. Packages the bundle leaves external (@aws-sdk/*, provided by the Lambda runtime) and
// packages tree-shaken to nothing are not in it; the lock file scan covers those. Deterministic: the same bundle
// and lock give the same bytes, and the serial number is derived from the zip's hash.
import { createHash } from 'node:crypto';

/**
 * The path in the lock file (`node_modules/a/node_modules/@s/b`) and name of the package holding `input`. The lock
 * path starts at the first node_modules/, so an input esbuild reached through a linked node_modules folder (its path
 * then starts with ../) still maps to the project's lock entry.
 */
export function packageOfInput(input) {
  const marker = 'node_modules/';
  const first = input.indexOf(marker);
  const last = input.lastIndexOf(marker);
  if (last < 0) return undefined;
  const rest = input.slice(last + marker.length).split('/');
  const nameParts = rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  if (nameParts.length === 0 || nameParts.some((part) => !part)) return undefined;
  const name = nameParts.join('/');
  return { name, lockPath: `${input.slice(first, last + marker.length)}${name}` };
}

/** The packages with at least one byte in `outputFile` of the metafile, keyed by their lock path. */
export function inlinedPackages(metafile, outputFile) {
  const output = metafile.outputs[outputFile];
  if (!output) {
    throw new Error(`the esbuild metafile has no output ${outputFile} (outputs: ${Object.keys(metafile.outputs)})`);
  }
  const packages = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = packageOfInput(input);
    if (pkg && bytesInOutput > 0) packages.set(pkg.lockPath, pkg);
  }
  return packages;
}

/** `pkg:npm/%40scope/name@1.2.3` (the scope's `@` percent-encoded, as the purl spec asks). */
export function npmPurl(name, version) {
  return `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${version}`;
}

function hashesOf(integrity) {
  const algorithms = { sha512: 'SHA-512', sha384: 'SHA-384', sha256: 'SHA-256', sha1: 'SHA-1' };
  return (integrity ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => entry.split('-'))
    .filter(([alg]) => alg in algorithms)
    .map(([alg, base64]) => ({ alg: algorithms[alg], content: Buffer.from(base64, 'base64').toString('hex') }));
}

/** A UUID-shaped serial number from a hash, so an unchanged bundle keeps its SBOM byte for byte. */
function serialNumberOf(seed) {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The SBOM of function `name`.
 * @param {{ name: string, metafile: object, outputFile: string, lock: object, zipSha256Hex: string, project: { name: string, version: string } }} args
 *   `outputFile` is the bundle's key in `metafile.outputs` (relative to esbuild's working directory); `lock` is the parsed package-lock.json.
 */
export function functionSbom({ name, metafile, outputFile, lock, zipSha256Hex, project }) {
  const components = [...inlinedPackages(metafile, outputFile).values()]
    .map(({ name: packageName, lockPath }) => {
      const entry = lock.packages?.[lockPath];
      if (!entry?.version) {
        throw new Error(
          `${name}: ${packageName} is inlined from ${lockPath}, which package-lock.json does not list; run npm install and build again`,
        );
      }
      const purl = npmPurl(packageName, entry.version);
      const slash = packageName.startsWith('@') ? packageName.indexOf('/') : -1;
      return {
        type: 'library',
        'bom-ref': purl,
        ...(slash > 0
          ? { group: packageName.slice(0, slash), name: packageName.slice(slash + 1) }
          : { name: packageName }),
        version: entry.version,
        purl,
        ...(entry.license ? { licenses: [{ expression: entry.license }] } : {}),
        ...(entry.integrity ? { hashes: hashesOf(entry.integrity) } : {}),
        properties: [{ name: 'npm:lockPath', value: lockPath }],
      };
    })
    .sort((a, b) => a.purl.localeCompare(b.purl));
  const unique = components.filter((c, i) => i === 0 || c.purl !== components[i - 1].purl);
  const rootRef = `function:${name}`;
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumberOf(`${name}:${zipSha256Hex}`),
    version: 1,
    metadata: {
      tools: { components: [{ type: 'application', name: 'tools/build/build-functions.mjs (esbuild metafile)' }] },
      component: {
        type: 'application',
        'bom-ref': rootRef,
        name,
        version: project.version,
        description: `Lambda function ${name} of ${project.name}: dist/functions/${name}.zip`,
        hashes: [{ alg: 'SHA-256', content: zipSha256Hex }],
      },
    },
    components: unique,
    dependencies: [
      { ref: rootRef, dependsOn: unique.map((c) => c['bom-ref']) },
      ...unique.map((c) => ({ ref: c['bom-ref'] })),
    ],
  };
}
