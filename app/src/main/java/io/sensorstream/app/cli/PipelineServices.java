package io.sensorstream.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sensorstream.app.web.Telemetry;
import io.sensorstream.app.config.SensorstreamConfig;
import io.sensorstream.app.pipeline.ProcessorRunner;
import io.sensorstream.app.config.ConfigException;
import io.sensorstream.app.ingest.MqttIngest;
import io.sensorstream.app.sink.SinkServices;
import io.sensorstream.app.web.HttpIngest;
import io.sensorstream.connectors.ingest.ReadingIngest;
import io.sensorstream.core.reading.ReadingParser;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.sensorstream.app.web.DeadLetterResend;
import io.sensorstream.app.web.LiveView;
import io.sensorstream.app.web.WebServer;

/** Starts what both {@code run} and {@code demo} serve: the processor, its sinks, and (when enabled) the live page. */
final class PipelineServices {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineServices.class);

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
        if (config.ingest().http().enabled() && !config.http().enabled()) {
            throw new ConfigException("ingest.http.enabled needs the HTTP server: set http.enabled: true");
        }
        try {
            config.ingest().http().maxBodyBytes();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        SinkServices[] sinks = new SinkServices[1];
        if (config.http().enabled()) {
            LiveView view = lifecycle.add(new LiveView(ProcessorRunner.clientProperties(config),
                    processor.settings().topics(), processor.settings().analytics().windows().get(0).name(),
                    processor.settings().analytics().format(), processor.settings().analytics().percentiles()));
            HttpIngest ingest = null;
            if (config.ingest().http().enabled()) {
                Properties p = HttpIngest.producerProperties(ProcessorRunner.clientProperties(config));
                KafkaProducer<byte[], byte[]> producer = lifecycle.add(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
                ingest = new HttpIngest(new ReadingIngest(new ReadingParser(processor.settings().analytics().format()), producer,
                        processor.settings().topics().raw(), "http"), config.ingest().http().token(), registry);
                if ((config.ingest().http().token() == null || config.ingest().http().token().isBlank()) && !config.http().auth().enabled()) {
                    LOG.warn("POST /ingest accepts readings without a token: set ingest.http.token or http.auth for anything but local use");
                }
            }
            boolean ingestToken = config.ingest().http().token() != null && !config.ingest().http().token().isBlank();
            DeadLetterResend resend = lifecycle.add(new DeadLetterResend(ProcessorRunner.clientProperties(config),
                    new ReadingParser(processor.settings().analytics().format()), processor.settings().topics().raw()));
            web = lifecycle.add(new WebServer(config.http(), view, processor, registry,
                    () -> sinks[0] == null ? java.util.List.of() : sinks[0].health(), ingest,
                    config.ingest().http().maxBodyBytes(), ingestToken, resend)).start();
            if (config.http().exposed() && !config.http().auth().enabled()) {
                LOG.warn("HTTP port {} listens on {} without authentication: anyone who can reach it sees the page, API and"
                        + " metrics; set http.auth (README \"Security\")", config.http().port(), config.http().host());
            }
            lifecycle.add(processor).start();
            view.start();
        } else {
            lifecycle.add(processor).start();
        }
        sinks[0] = lifecycle.add(SinkServices.start(config, processor.settings().analytics(), processor.settings().topics(), registry));
        MqttIngest mqtt = MqttIngest.startIfConfigured(config, processor.settings(), registry);
        if (mqtt != null) {
            lifecycle.add(mqtt);
        }
        return new PipelineServices(processor, web, sinks[0]);
    }

    static String url(SensorstreamConfig config) {
        String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        return (config.http().tls().enabled() ? "https://" : "http://") + host + ":" + config.http().port() + "/";
    }
}
