// A small SigV4-signed client for the moto endpoint, for the services whose SDK clients the project does not
// install (EC2, IAM, RDS, Lambda, CloudWatch Logs, SQS). moto routes a request by the service in its signature.
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** One `<member>...</member>` or other repeated element of an XML answer, as raw text. */
export function xmlElements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

/** The first value of `tag` in an XML fragment, or undefined. */
export function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];
}

export class EmulatorClient {
  private readonly url: URL;

  constructor(
    readonly endpoint: string,
    readonly region: string,
  ) {
    this.url = new URL(endpoint);
  }

  private async send(
    service: string,
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    query: Record<string, string> = {},
  ): Promise<{ status: number; text: string }> {
    const signer = new SignatureV4({
      service,
      region: service === 'iam' ? 'us-east-1' : this.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const signed = await signer.sign({
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: Number(this.url.port),
      method,
      path,
      query,
      headers: { host: this.url.host, ...headers },
      body,
    });
    const search = new URLSearchParams(query).toString();
    const response = await fetch(`${this.endpoint}${path}${search ? `?${search}` : ''}`, {
      method,
      headers: signed.headers,
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  /** An AWS query-protocol call (EC2, IAM, RDS): form-encoded in, XML out. */
  async query(service: string, action: string, version: string, params: Record<string, string> = {}): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
    const { status, text } = await this.send(service, 'POST', '/', body, {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    });
    if (status >= 400) throw new Error(`${service} ${action} answered ${status}: ${text.slice(0, 500)}`);
    return text;
  }

  /** An AWS JSON-protocol call (CloudWatch Logs, SQS): `X-Amz-Target: <prefix>.<action>`. */
  async json<T>(
    service: string,
    target: string,
    payload: object,
    contentType = 'application/x-amz-json-1.1',
  ): Promise<T> {
    const { status, text } = await this.send(service, 'POST', '/', JSON.stringify(payload), {
      'content-type': contentType,
      'x-amz-target': target,
    });
    if (status >= 400) throw new Error(`${service} ${target} answered ${status}: ${text.slice(0, 500)}`);
    return JSON.parse(text || '{}') as T;
  }

  /** A REST DELETE (Lambda). */
  async restDelete(service: string, path: string): Promise<void> {
    const { status, text } = await this.send(service, 'DELETE', path, undefined, {});
    if (status >= 400) throw new Error(`${service} DELETE ${path} answered ${status}: ${text.slice(0, 500)}`);
  }

  /** A REST-JSON GET (Lambda); undefined on 404. */
  async restGet<T>(service: string, path: string, query: Record<string, string> = {}): Promise<T | undefined> {
    const { status, text } = await this.send(service, 'GET', path, undefined, {}, query);
    if (status === 404) return undefined;
    if (status >= 400) throw new Error(`${service} GET ${path} answered ${status}: ${text.slice(0, 500)}`);
    return JSON.parse(text || '{}') as T;
  }
}
