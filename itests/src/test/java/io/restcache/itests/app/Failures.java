package io.restcache.itests.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which backends the tests have switched to failing. */
@ApplicationScoped
public class Failures {

    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public boolean failing(String id) {
        return failing.contains(id);
    }

    public void set(String id, boolean fail) {
        if (fail) {
            failing.add(id);
        } else {
            failing.remove(id);
        }
    }
}
