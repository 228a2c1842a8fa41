package io.sensorstream.core.engine;

/** Why a window result was published. */
public enum EmitKind {
    /** The watermark passed the window's end: the complete result (revision 0). */
    FINAL("final"),
    /** A reading within the allowed lateness changed an already final window (revision 1, 2, ...). */
    UPDATE("update"),
    /** A partial result of a window that is still open (only with an early interval configured). */
    EARLY("early");

    private final String code;

    EmitKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
