package io.restcache.itests.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The "database" of the invalidation tests: display names and who follows whom. With
 * {@code itests.shared-state-dir} set, names live in files there, so that every node of a fleet test
 * (separate JVMs on one machine) sees the same data, as they would share a database.
 */
@ApplicationScoped
public class Profiles {

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Optional<Path> sharedDir = ConfigProvider.getConfig()
            .getOptionalValue("itests.shared-state-dir", String.class).map(Path::of);
    private final Map<String, List<String>> follows = Map.of(
            "alice", List.of("bob", "carol"),
            "bob", List.of("alice"),
            "carol", List.of("dave"),
            "dave", List.of());

    public String name(String id) {
        String fallback = id.substring(0, 1).toUpperCase() + id.substring(1);
        if (sharedDir.isEmpty()) {
            return names.getOrDefault(id, fallback);
        }
        Path file = sharedDir.get().resolve(id);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : fallback;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void rename(String id, String name) {
        if (sharedDir.isEmpty()) {
            names.put(id, name);
            return;
        }
        try {
            Path tmp = Files.createTempFile(sharedDir.get(), id, ".tmp");
            Files.writeString(tmp, name, StandardCharsets.UTF_8);
            Files.move(tmp, sharedDir.get().resolve(id), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> followees(String id) {
        return follows.getOrDefault(id, List.of());
    }
}
