package io.sensorstream.app.web.view;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Numbers for the page: a value that does not exist (NaN, ±infinity) is JSON {@code null}, as in the output formats. */
final class JsonNumbers {

    private JsonNumbers() {
    }

    static ObjectNode put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v);
        else o.putNull(field);
        return o;
    }
}
