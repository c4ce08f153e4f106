/**
 * Collects pipelines and the components they use into a CollectorConfig. Components are defined where a
 * pipeline first uses them, so every defined component is used and the sections read in pipeline order.
 * A shared id (e.g. `batch`) may be used by many pipelines, but only with one configuration: a second,
 * different definition is a bug in a builder and throws instead of silently keeping the first.
 */
import type {
  CollectorConfig,
  ComponentId,
  ConnectorComponent,
  ConnectorConfig,
  ExporterComponent,
  ExporterConfig,
  ExtensionComponent,
  ExtensionConfig,
  PipelineConfig,
  ProcessorComponent,
  ProcessorConfig,
  ReceiverComponent,
  ReceiverConfig,
  TelemetryConfig,
} from './types';

export interface PipelineSpec {
  receivers: (ReceiverComponent | ConnectorComponent)[];
  processors: ProcessorComponent[];
  exporters: (ExporterComponent | ConnectorComponent)[];
}

type AnyComponent = ReceiverComponent | ProcessorComponent | ExporterComponent | ConnectorComponent | ExtensionComponent;

export class ConfigAssembler {
  private readonly extensions = new Map<ComponentId, ExtensionConfig>();
  private readonly receivers = new Map<ComponentId, ReceiverConfig>();
  private readonly processors = new Map<ComponentId, ProcessorConfig>();
  private readonly exporters = new Map<ComponentId, ExporterConfig>();
  private readonly connectors = new Map<ComponentId, ConnectorConfig>();
  private readonly pipelines = new Map<string, PipelineConfig>();
  /** `<kind> <id>` -> JSON of its config, to tell a shared use from a conflicting definition. */
  private readonly definitions = new Map<string, string>();

  /** Defines an extension and enables it in `service.extensions`, in call order. */
  addExtension(component: ExtensionComponent): void {
    this.define(component);
  }

  addPipeline(name: string, spec: PipelineSpec): void {
    if (this.pipelines.has(name)) throw new Error(`internal: pipeline ${name} defined twice`);
    for (const c of [...spec.receivers, ...spec.processors, ...spec.exporters]) this.define(c);
    this.pipelines.set(name, {
      receivers: spec.receivers.map((c) => c.id),
      processors: spec.processors.map((c) => c.id),
      exporters: spec.exporters.map((c) => c.id),
    });
  }

  build(telemetry: TelemetryConfig): CollectorConfig {
    return {
      extensions: Object.fromEntries(this.extensions),
      receivers: Object.fromEntries(this.receivers),
      processors: Object.fromEntries(this.processors),
      exporters: Object.fromEntries(this.exporters),
      connectors: Object.fromEntries(this.connectors),
      service: {
        extensions: [...this.extensions.keys()],
        pipelines: Object.fromEntries(this.pipelines),
        telemetry,
      },
    };
  }

  private define(component: AnyComponent): void {
    const key = `${component.kind} ${component.id}`;
    const json = JSON.stringify(component.config);
    const existing = this.definitions.get(key);
    if (existing !== undefined) {
      if (existing !== json) throw new Error(`internal: ${component.kind} ${component.id} defined twice with different settings`);
      return;
    }
    this.definitions.set(key, json);
    switch (component.kind) {
      case 'extension':
        this.extensions.set(component.id, component.config);
        break;
      case 'receiver':
        this.receivers.set(component.id, component.config);
        break;
      case 'processor':
        this.processors.set(component.id, component.config);
        break;
      case 'exporter':
        this.exporters.set(component.id, component.config);
        break;
      case 'connector':
        this.connectors.set(component.id, component.config);
        break;
    }
  }
}
