package io.restcache.itests.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The "database" of the invalidation tests: display names and who follows whom. */
@ApplicationScoped
public class Profiles {

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, List<String>> follows = Map.of(
            "alice", List.of("bob", "carol"),
            "bob", List.of("alice"),
            "carol", List.of("dave"),
            "dave", List.of());

    public String name(String id) {
        return names.getOrDefault(id, id.substring(0, 1).toUpperCase() + id.substring(1));
    }

    public void rename(String id, String name) {
        names.put(id, name);
    }

    public List<String> followees(String id) {
        return follows.getOrDefault(id, List.of());
    }
}
