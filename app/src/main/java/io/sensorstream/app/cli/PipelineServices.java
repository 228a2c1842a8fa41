package io.sensorstream.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.web.Telemetry;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.sink.SinkServices;
import io.sensorstream.app.web.LiveView;
import io.sensorstream.app.web.WebServer;

/** Starts what both {@code run} and {@code demo} serve: the processor, its sinks, and (when enabled) the live page. */
final class PipelineServices {

    final ProcessorRunner processor;
    final WebServer web;
    final SinkServices sinks;

    private PipelineServices(ProcessorRunner processor, WebServer web, SinkServices sinks) {
        this.processor = processor;
        this.web = web;
        this.sinks = sinks;
    }

    static PipelineServices start(Lifecycle lifecycle, SensorstreamConfig config) {
        WebServer web = null;
        PrometheusMeterRegistry registry = Telemetry.registry();
        ProcessorRunner processor = new ProcessorRunner(config, registry);
        SinkServices.create(config, processor.settings().analytics()); // a bad sink entry fails before anything starts
        SinkServices[] sinks = new SinkServices[1];
        if (config.http().enabled()) {
            LiveView view = lifecycle.add(new LiveView(ProcessorRunner.clientProperties(config),
                    processor.settings().topics(), processor.settings().analytics().windows().get(0).name(),
                    processor.settings().analytics().format(), processor.settings().analytics().percentiles()));
            web = lifecycle.add(new WebServer(config.http().host(), config.http().port(), view, processor, registry,
                    () -> sinks[0] == null ? java.util.List.of() : sinks[0].health())).start();
            lifecycle.add(processor).start();
            view.start();
        } else {
            lifecycle.add(processor).start();
        }
        sinks[0] = lifecycle.add(SinkServices.start(config, processor.settings().analytics(), processor.settings().topics(), registry));
        return new PipelineServices(processor, web, sinks[0]);
    }

    static String url(SensorstreamConfig config) {
        String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        return "http://" + host + ":" + config.http().port() + "/";
    }
}
