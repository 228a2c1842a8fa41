package io.sensorstream.app.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sensorstream.core.detect.DetectorCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration in layers: the bundled defaults ({@code sensorstream-defaults.yaml}), then an optional
 * YAML file, then environment variables ({@code SENSORSTREAM_*}), then explicit overrides from the command line.
 * Unknown keys are errors, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {

    /** Prefix of environment variables that override configuration keys. */
    public static final String ENV_PREFIX = "SENSORSTREAM_";
    private static final String KAFKA_ENV_PREFIX = ENV_PREFIX + "KAFKA_";
    private static final String DEFAULTS = "/sensorstream-defaults.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final ObjectMapper yaml;
    private final Map<String, String> environment;
    private final DetectorCatalog catalog = DetectorCatalog.standard();

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return DurationParser.parse(p.getValueAsString());
            }
        });
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(durations)
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Loads with the process environment. */
    public static SensorstreamConfig load(Path file, Map<String, String> overrides) {
        return new ConfigLoader(System.getenv()).read(file, overrides);
    }

    /**
     * @param file      a YAML file to merge over the defaults, or {@code null}
     * @param overrides dotted keys ({@code window.size}, {@code kafka.linger.ms}) with values, applied last
     */
    public SensorstreamConfig read(Path file, Map<String, String> overrides) {
        return bind(effectiveTree(file, overrides), file);
    }

    /**
     * The effective configuration as YAML (defaults, file, environment, flags, variables expanded), validated, with
     * every secret masked ({@link #SECRET_KEY}, and {@code password=...} inside values such as JDBC URLs): what
     * {@code sensorstream config} prints, safe for logs and tickets.
     */
    public String effectiveYaml(Path file, Map<String, String> overrides) {
        ObjectNode tree = effectiveTree(file, overrides);
        bind(tree.deepCopy(), file);
        mask(tree);
        try {
            return yaml.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys whose values are secrets (except {@code *-file} keys, which name a file): never printed. */
    public static final java.util.regex.Pattern SECRET_KEY =
            java.util.regex.Pattern.compile("(?i).*(password|secret|token|credential|jaas|user\\.info).*");
    private static final java.util.regex.Pattern SECRET_IN_VALUE = java.util.regex.Pattern.compile("(?i)(password=)[^&;\\s]*");

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = o.get(name);
                if (child.isValueNode() && SECRET_KEY.matcher(name).matches() && !name.endsWith("-file") && !child.asText().isEmpty()) {
                    o.put(name, "*****");
                } else if (child.isTextual()) {
                    o.put(name, SECRET_IN_VALUE.matcher(child.asText()).replaceAll("$1*****"));
                } else {
                    mask(child);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(ConfigLoader::mask);
        }
    }

    private ObjectNode effectiveTree(Path file, Map<String, String> overrides) {
        ObjectNode tree = defaults();
        List<String> knownKeys = leafKeys(tree, "");
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        applyEnvironment(tree, knownKeys);
        overrides.forEach((key, value) -> set(tree, key, value));
        expandVariables(tree, "");
        return tree;
    }

    private SensorstreamConfig bind(ObjectNode tree, Path file) {
        expandDetectorOverrides(tree);
        collectDetectorParams(tree);
        try {
            return yaml.treeToValue(tree, SensorstreamConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown configuration key '" + path(e) + "'" + (file == null ? "" : " in " + file)
                    + "; the valid keys are in the README's \"Configuration\" section, or run: sensorstream config");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + rootMessage(e));
        }
    }

    /** The bundled defaults, with every catalog detector's parameters as {@code detect.<name>.<param>}. */
    private ObjectNode defaults() {
        ObjectNode tree;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            tree = (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + DEFAULTS, e);
        }
        ObjectNode detect = (ObjectNode) tree.get("detect");
        for (DetectorCatalog.Type type : catalog.types()) {
            if (type.name().equals("jump")) {
                continue; // its threshold is detect.jump-threshold, shared with the seed's alert
            }
            ObjectNode params = detect.putObject(type.name());
            type.defaults().forEach((key, value) -> params.set(key, yaml.valueToTree(value)));
        }
        return tree;
    }

    /** Moves each {@code detect.<detector>} section (and those of the overrides) under {@code params}. */
    private void collectDetectorParams(ObjectNode tree) {
        ObjectNode detect = (ObjectNode) tree.get("detect");
        moveParams(detect);
        JsonNode overrides = detect.get("overrides");
        if (overrides != null && overrides.isArray()) {
            for (JsonNode o : overrides) {
                if (o.get("detect") instanceof ObjectNode d) {
                    moveParams(d);
                }
            }
        }
    }

    private void moveParams(ObjectNode detect) {
        ObjectNode params = yaml.createObjectNode();
        for (DetectorCatalog.Type type : catalog.types()) {
            JsonNode section = detect.remove(type.name());
            if (section != null) {
                if (!section.isObject()) {
                    throw new ConfigException("detect." + type.name() + " must be a mapping of parameters, e.g. "
                            + "{" + type.params().get(0).key() + ": " + type.params().get(0).defaultValue() + "}");
                }
                params.set(type.name(), section);
            }
        }
        detect.set("params", params);
    }

    private JsonNode readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("configuration file " + file + " does not exist or is not readable");
        }
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("configuration file " + file + " must hold a YAML mapping at the top level");
            }
            return node;
        } catch (IOException e) {
            String where = "";
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    && jpe.getLocation().getLineNr() > 0) {
                where = " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
            }
            String why = e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null
                    ? m.getProblem() : firstLine(e.getMessage());
            throw new ConfigException("configuration file " + file + " is not valid YAML" + where + ": " + why
                    + " (check the indentation: nested keys need more spaces than their parent, and the same number as their siblings)");
        }
    }

    private void applyEnvironment(ObjectNode tree, List<String> knownKeys) {
        Map<String, String> byEnvName = new TreeMap<>();
        for (String key : knownKeys) {
            byEnvName.put(envName(key), key);
        }
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX)) {
                return;
            }
            if (byEnvName.containsKey(name)) {
                set(tree, byEnvName.get(name), value);
            } else if (name.startsWith(KAFKA_ENV_PREFIX) && name.length() > KAFKA_ENV_PREFIX.length()) {
                String property = name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                ((ObjectNode) tree.get("kafka")).put(property, value);
            } else if (!name.equals(ENV_PREFIX + "LOG_LEVEL")) {
                LOG.warn("Ignoring environment variable {}: no such configuration key", name);
            }
        });
    }

    private static final java.util.regex.Pattern VARIABLE =
            java.util.regex.Pattern.compile("\\$\\{(?:file:([^}]+)|([A-Za-z_][A-Za-z0-9_]*))}");

    /**
     * Replaces {@code ${NAME}} in every string value with the environment variable {@code NAME}, and
     * {@code ${file:/path}} with the file's content (trimmed; Kubernetes and Docker secrets), so secrets stay out of
     * the file ({@code password: "${PGPASSWORD}"}); an unset variable or unreadable file is an error naming the key.
     */
    private void expandVariables(JsonNode node, String path) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = o.get(name);
                if (child.isTextual()) {
                    o.put(name, expand(child.asText(), path + name));
                } else {
                    expandVariables(child, path + name + ".");
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String where = path.isEmpty() ? "[" + i + "]" : path.substring(0, path.length() - 1) + "[" + i + "].";
                if (a.get(i).isTextual()) {
                    a.set(i, a.textNode(expand(a.get(i).asText(), where)));
                } else {
                    expandVariables(a.get(i), where);
                }
            }
        }
    }

    private String expand(String value, String key) {
        java.util.regex.Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v;
            if (m.group(1) != null) {
                Path secret = Path.of(m.group(1));
                try {
                    v = Files.readString(secret, java.nio.charset.StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new ConfigException(key.replaceAll("\\.$", "") + " refers to ${file:" + secret + "}, which cannot be read ("
                            + e.getClass().getSimpleName() + ")");
                }
            } else {
                v = environment.get(m.group(2));
                if (v == null) {
                    throw new ConfigException(key.replaceAll("\\.$", "") + " refers to ${" + m.group(2)
                            + "}, which is not set in the environment");
                }
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The environment variable that overrides a dotted key: {@code window.watermark-delay} → {@code SENSORSTREAM_WINDOW_WATERMARK_DELAY}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void set(ObjectNode tree, String dottedKey, String value) {
        if (dottedKey.startsWith("kafka.")) {
            ((ObjectNode) tree.get("kafka")).put(dottedKey.substring("kafka.".length()), value);
            return;
        }
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                throw new ConfigException("unknown configuration key '" + dottedKey + "'");
            }
            node = (ObjectNode) child;
        }
        JsonNode existing = node.get(parts[parts.length - 1]);
        if (existing != null && existing.isArray()) {
            // a list from one string: "0.5, 0.95" or "" for none
            ArrayNode array = node.arrayNode();
            for (String item : value.split(",")) {
                if (!item.isBlank()) array.add(item.trim());
            }
            node.set(parts[parts.length - 1], array);
        } else {
            node.set(parts[parts.length - 1], TextNode.valueOf(value));
        }
    }


    private static void merge(ObjectNode target, JsonNode source, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = target.get(f.getKey());
            if (existing instanceof ObjectNode && f.getValue().isObject()) {
                merge((ObjectNode) existing, f.getValue(), prefix + f.getKey() + ".");
            } else if (f.getKey().equals("kafka") && prefix.isEmpty() && f.getValue().isNull()) {
                continue;
            } else {
                target.set(f.getKey(), f.getValue());
            }
        }
    }

    /**
     * Each {@code detect.overrides} entry names only what differs: merged over a copy of {@code detect}, it becomes
     * {@code {sensors, detect: {...every key...}}}, so unknown keys fail as anywhere else.
     */
    private static void expandDetectorOverrides(ObjectNode tree) {
        JsonNode detect = tree.get("detect");
        JsonNode list = detect == null ? null : detect.get("overrides");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return;
        }
        ArrayNode expanded = ((ObjectNode) detect).arrayNode();
        for (JsonNode entry : list) {
            if (!entry.isObject()) {
                throw new ConfigException("detect.overrides: each entry must be a mapping such as "
                        + "{sensors: \"boiler-*\", detectors: [range], range: {max: 300}}");
            }
            ObjectNode base = ((ObjectNode) detect).deepCopy();
            base.set("overrides", base.arrayNode());
            ObjectNode partial = ((ObjectNode) entry).deepCopy();
            JsonNode sensors = partial.remove("sensors");
            merge(base, partial, "detect.");
            ObjectNode out = expanded.addObject();
            out.set("sensors", sensors);
            out.set("detect", base);
        }
        ((ObjectNode) detect).set("overrides", expanded);
    }

    private static List<String> leafKeys(JsonNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        node.fields().forEachRemaining(f -> {
            if (f.getValue().isObject() && !f.getKey().equals("kafka")) {
                keys.addAll(leafKeys(f.getValue(), prefix + f.getKey() + "."));
            } else if (!f.getKey().equals("kafka")) {
                keys.add(prefix + f.getKey());
            }
        });
        return keys;
    }

    private static String path(UnrecognizedPropertyException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String where = "";
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (var ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    if (sb.length() > 0) sb.append('.');
                    sb.append(ref.getFieldName());
                }
            }
            where = sb + ": ";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie && mie.getTargetType() != null) {
            String value = mie instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException ife ? " got '" + ife.getValue() + "'" : "";
            return where.replaceAll(": $", "") + " must be " + expected(mie.getTargetType()) + (value.isEmpty() ? "" : "," + value);
        }
        String msg = t instanceof IllegalArgumentException ? t.getMessage() : firstLine(t.getMessage());
        return where + msg;
    }

    /** The expected value in words, for errors: "an integer", "true or false", ... */
    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == double.class || type == Double.class || type == float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == Duration.class) return "a duration such as 500ms, 5s, 1m";
        if (type == String.class) return "a text value";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping (nested keys)";
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
