package io.sensorstream.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sensorstream.core.detect.DetectorCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's detector parameter table is the detector catalog's, row for row: docs and code cannot drift. */
class DetectorTableTest {

    /** The table as the catalog has it. */
    static String table(DetectorCatalog catalog) {
        StringBuilder sb = new StringBuilder("| detector | parameter (`detect.<detector>.<parameter>`) | default | meaning |\n")
                .append("| --- | --- | --- | --- |\n");
        for (DetectorCatalog.Type t : catalog.types()) {
            for (DetectorCatalog.Param p : t.params()) {
                String key = t.name().equals("jump") ? "`detect.jump-threshold`" : "`" + p.key() + "`";
                sb.append("| `").append(t.name()).append("` | ").append(key).append(" | `").append(p.defaultValue())
                        .append("` | ").append(p.description()).append(" |\n");
            }
        }
        return sb.toString();
    }

    @Test
    void theReadmeListsEveryDetectorParameterWithItsDefault() throws IOException {
        String expected = table(DetectorCatalog.standard());
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).as("README detector parameter table; expected:%n%s", expected).contains(expected);
    }
}
