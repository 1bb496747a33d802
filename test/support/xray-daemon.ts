// A stand-in for the X-Ray daemon: a UDP socket on loopback that keeps every segment document the X-Ray SDK
// sends (AWS_XRAY_DAEMON_ADDRESS points the SDK at it), so a test can read a trace as X-Ray would receive it.
import { createSocket, type Socket } from 'node:dgram';

/** One segment or subsegment document, as the SDK serialises it (only the fields the tests read are typed). */
export interface SegmentDocument {
  readonly id: string;
  readonly name: string;
  readonly trace_id: string;
  readonly parent_id?: string;
  readonly type?: 'subsegment';
  readonly namespace?: string;
  readonly error?: boolean;
  readonly fault?: boolean;
  readonly annotations?: Record<string, string | number | boolean>;
  readonly metadata?: Record<string, unknown>;
  readonly aws?: { readonly operation?: string; readonly [key: string]: unknown };
  readonly http?: { readonly response?: { readonly status?: number } };
  readonly subsegments?: readonly SegmentDocument[];
}

export interface XrayDaemon {
  /** host:port, the value for AWS_XRAY_DAEMON_ADDRESS. */
  readonly address: string;
  /** Every datagram received so far, raw (header line included), for "never contains" checks. */
  readonly raw: readonly string[];
  /** Every document received so far, with nested subsegments flattened out. */
  documents(): SegmentDocument[];
  /** Resolves with the documents once one matches `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (doc: SegmentDocument) => boolean, timeoutMs?: number): Promise<SegmentDocument[]>;
  reset(): void;
  close(): Promise<void>;
}

/** Each datagram is `{"format":"json","version":1}\n<document>`. */
function parseDatagram(text: string): SegmentDocument {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as { format?: string };
  if (header.format !== 'json') throw new Error(`unexpected X-Ray datagram header: ${text.slice(0, newline)}`);
  return JSON.parse(text.slice(newline + 1)) as SegmentDocument;
}

/** A document and its nested subsegments; a nested one gets its parent's id and trace id, as if sent alone. */
function flatten(doc: SegmentDocument): SegmentDocument[] {
  const children = (doc.subsegments ?? []).map((child) => ({
    ...child,
    trace_id: child.trace_id ?? doc.trace_id,
    parent_id: child.parent_id ?? doc.id,
  }));
  return [doc, ...children.flatMap(flatten)];
}

export async function startXrayDaemon(): Promise<XrayDaemon> {
  const socket: Socket = createSocket('udp4');
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (message) => {
    raw.push(message.toString('utf8'));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  const documents = () => raw.flatMap((text) => flatten(parseDatagram(text)));
  return {
    address: `127.0.0.1:${port}`,
    raw,
    documents,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const docs = documents();
          if (!docs.some(predicate)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(docs);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching X-Ray document within ${timeoutMs} ms; got: ${JSON.stringify(documents())}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      raw.length = 0;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
