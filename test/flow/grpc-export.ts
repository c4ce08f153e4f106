/**
 * One raw OTLP/gRPC Export call with @grpc/grpc-js (the library the SDK's OTLP gRPC exporter uses), its
 * request bytes sent as given (identity serializers): garbage to see how a server rejects it, or the empty
 * message (zero bytes, a valid empty ExportMetricsServiceRequest) to probe what a server requires.
 */
import * as grpc from '@grpc/grpc-js';

const EXPORT_METHOD = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

export interface ExportOptions {
  /** Default: plaintext. */
  credentials?: grpc.ChannelCredentials;
  /** Request metadata (headers), e.g. authorization. */
  metadata?: Record<string, string>;
}

/** Resolves with the call's error, or undefined when the server answered OK. */
export function grpcExport(address: string, body: Buffer, options: ExportOptions = {}): Promise<grpc.ServiceError | undefined> {
  const client = new grpc.Client(address, options.credentials ?? grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(options.metadata ?? {})) metadata.set(k, v);
  const identity = (b: Buffer) => b;
  return new Promise((resolve) => {
    client.makeUnaryRequest(EXPORT_METHOD, identity, identity, body, metadata, { deadline: Date.now() + 10_000 }, (err) => {
      client.close();
      resolve(err ?? undefined);
    });
  });
}
