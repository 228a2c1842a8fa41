package io.sensorstream.app.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAuthTest {

    @Test
    void passwordHashesVerifyOnlyTheirPasswordAndDifferBySalt() {
        String a = PasswordHash.hash("correct horse".toCharArray(), 10_000);
        String b = PasswordHash.hash("correct horse".toCharArray(), 10_000);
        assertThat(a).startsWith("pbkdf2-sha256$10000$").isNotEqualTo(b);
        assertThat(PasswordHash.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.verify("correct horse".toCharArray(), b)).isTrue();
        assertThat(PasswordHash.verify("correct hors".toCharArray(), a)).isFalse();
        assertThatThrownBy(() -> PasswordHash.checkFormat("$2y$10$bcrypt")).hasMessageContaining("hash-password");
        assertThatThrownBy(() -> PasswordHash.checkFormat("pbkdf2-sha256$x$AA$AA")).hasMessageStartingWith("malformed");
    }

    @Test
    void tokenAndUsersAreCheckedAndNothingElsePasses() {
        HttpAuth auth = new HttpAuth("tok", Map.of("alice", PasswordHash.hash("pw".toCharArray(), 10_000)));
        assertThat(auth.admits((String) null)).isFalse();
        assertThat(auth.admits("Bearer tok")).isTrue();
        assertThat(auth.admits("Bearer tok2")).isFalse();
        assertThat(auth.admits("Bearer ")).isFalse();
        assertThat(auth.admits(basic("alice:pw"))).isTrue();
        assertThat(auth.admits(basic("alice:pw"))).as("remembered").isTrue();
        assertThat(auth.admits(basic("alice:pw2"))).isFalse();
        assertThat(auth.admits(basic("alice"))).isFalse();
        assertThat(auth.admits(basic("bob:pw"))).isFalse();
        assertThat(auth.admits("Basic %%%")).isFalse();
        assertThat(auth.admits("Digest x")).isFalse();
        HttpAuth none = new HttpAuth("", Map.of());
        assertThat(none.enabled()).isFalse();
        assertThat(none.admits((String) null)).isTrue();
        HttpAuth tokenOnly = new HttpAuth("tok", Map.of());
        assertThat(tokenOnly.admits(basic("alice:pw"))).as("no users: basic never passes").isFalse();
    }

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void usersCanComeFromTheEnvironment() {
        String alice = "alice:" + PasswordHash.hash("pw-a".toCharArray(), 10_000);
        String bob = "bob:" + PasswordHash.hash("pw-b".toCharArray(), 10_000);
        var cfg = new io.sensorstream.app.config.ConfigLoader(Map.of("SENSORSTREAM_HTTP_AUTH_USERS", alice + "," + bob)).read(null, Map.of());
        HttpAuth auth = HttpAuth.from(cfg.http().auth());
        assertThat(auth.enabled()).isTrue();
        assertThat(auth.admits(basic("alice:pw-a"))).isTrue();
        assertThat(auth.admits(basic("bob:pw-b"))).isTrue();
        assertThat(auth.admits(basic("bob:pw-a"))).isFalse();
        var bad = new io.sensorstream.app.config.ConfigLoader(Map.of("SENSORSTREAM_HTTP_AUTH_USERS", "carol:secret")).read(null, Map.of());
        assertThatThrownBy(() -> HttpAuth.from(bad.http().auth())).hasMessageStartingWith("http.auth.users[0]: not a pbkdf2-sha256");
    }
}
