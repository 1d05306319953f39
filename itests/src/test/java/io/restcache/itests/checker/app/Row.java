package io.restcache.itests.checker.app;

/** One row as the database holds it: every response that shows it carries its version and owner. */
record Row(int id, long version, String owner) {

    String json() {
        return "{\"id\":" + id + ",\"version\":" + version + ",\"owner\":\"" + owner + "\"}";
    }
}
