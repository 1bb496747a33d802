import { GetParameterCommand, type GetParameterCommandOutput } from '@aws-sdk/client-ssm';
import type { Clock } from './clock';
import { ParameterUnavailableError } from './errors';
import { TtlCache } from './ttl-cache';

/** The one SSM call the cache makes; an SSMClient satisfies it. */
export interface SsmReader {
  send(command: GetParameterCommand): Promise<GetParameterCommandOutput>;
}

/** Where functions read parameters from: the cache below in Lambda, a fake in unit tests. */
export interface ParameterSource {
  /** The decrypted value of a String or SecureString parameter; throws ParameterUnavailableError. */
  getParameter(name: string): Promise<string>;
}

export interface ParameterCacheOptions {
  /** SSM client, created once per cold start. */
  readonly client: SsmReader;
  /** Seconds a value is reused before it is fetched again. */
  readonly ttlSeconds: number;
  readonly clock: Clock;
}

/** Parameter values (SecureStrings decrypted by SSM with the caller's kms:Decrypt) cached by name. */
export class ParameterCache implements ParameterSource {
  private readonly cache: TtlCache<string>;
  private readonly client: SsmReader;

  constructor(options: ParameterCacheOptions) {
    this.client = options.client;
    this.cache = new TtlCache(options.ttlSeconds, options.clock);
  }

  getParameter(name: string): Promise<string> {
    return this.cache.get(name, () => this.fetch(name));
  }

  private async fetch(name: string): Promise<string> {
    let output: GetParameterCommandOutput;
    try {
      output = await this.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    } catch (error) {
      throw new ParameterUnavailableError(`cannot read parameter ${name}`, { cause: error });
    }
    const value = output.Parameter?.Value;
    if (typeof value !== 'string') {
      throw new ParameterUnavailableError(`parameter ${name} has no value`);
    }
    return value;
  }
}
