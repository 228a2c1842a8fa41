package io.sensorstream.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.web.Telemetry;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.web.LiveView;
import io.sensorstream.app.web.WebServer;

/** Starts what both {@code run} and {@code demo} serve: the processor, and (when enabled) the live page. */
final class PipelineServices {

    final ProcessorRunner processor;
    final WebServer web;

    private PipelineServices(ProcessorRunner processor, WebServer web) {
        this.processor = processor;
        this.web = web;
    }

    static PipelineServices start(Lifecycle lifecycle, SensorstreamConfig config) {
        WebServer web = null;
        PrometheusMeterRegistry registry = Telemetry.registry();
        ProcessorRunner processor = new ProcessorRunner(config, registry);
        if (config.http().enabled()) {
            LiveView view = lifecycle.add(new LiveView(ProcessorRunner.clientProperties(config),
                    processor.settings().topics(), processor.settings().analytics().windows().get(0).name(),
                    processor.settings().analytics().format(), processor.settings().analytics().percentiles()));
            web = lifecycle.add(new WebServer(config.http().host(), config.http().port(), view, processor, registry)).start();
            lifecycle.add(processor).start();
            view.start();
        } else {
            lifecycle.add(processor).start();
        }
        return new PipelineServices(processor, web);
    }

    static String url(SensorstreamConfig config) {
        String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        return "http://" + host + ":" + config.http().port() + "/";
    }
}
