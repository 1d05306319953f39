package io.restcache.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Copies of the bench WAR that differ only in configuration, deployed beside it in the same Payara
 * Micro: restcache's near cache is one switch for a whole application, so the near-cache hit is measured
 * on a copy of the WAR (context root {@code /near}) where it is on, and the Redis hit on the original,
 * where it is off.
 */
final class WarVariants {

    static final String NEAR_CONTEXT_ROOT = "/near";

    private WarVariants() {
    }

    /** The original WAR with the near cache switched on, served under {@link #NEAR_CONTEXT_ROOT}. */
    static Path nearCacheCopy(Path war, Path workDir) throws IOException {
        Path copy = workDir.resolve("restcache-bench-near.war");
        Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            Path config = zip.getPath("WEB-INF/classes/META-INF/microprofile-config.properties");
            String properties = Files.readString(config, StandardCharsets.UTF_8)
                    .replace("restcache.near-cache.enabled=false", "restcache.near-cache.enabled=true");
            Files.writeString(config, properties, StandardCharsets.UTF_8);
            Path descriptor = zip.getPath("WEB-INF/glassfish-web.xml");
            String xml = Files.readString(descriptor, StandardCharsets.UTF_8)
                    .replace("<context-root>/</context-root>", "<context-root>" + NEAR_CONTEXT_ROOT + "</context-root>");
            Files.writeString(descriptor, xml, StandardCharsets.UTF_8);
        }
        return copy;
    }
}
