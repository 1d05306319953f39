package io.restcache.bench.app;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The payloads: one page of a social feed (posts with their authors, tags, counters and links), as a
 * real API returns it, in two sizes: {@code 2k} (~2 KB) and {@code 20k} (~20 KB). Built from a fixed
 * seed, so every run serves the same bytes; serialized once, at class load, for the endpoints that
 * return precomputed bytes.
 */
public final class Payloads {

    /** Size name → target size in bytes; a page holds as many whole posts as fit. */
    private static final Map<String, Integer> TARGETS = Map.of("2k", 2 * 1024, "20k", 20 * 1024);

    private static final String[] WORDS = ("cache redis latency request response header entity resource method "
            + "server client network payload tenant region cluster replica shard stream event queue index "
            + "query filter schema version release deploy rollback metric trace span budget timeout retry "
            + "quota limit token session profile account follower comment thread reply draft publish")
            .split(" ");
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter"};
    private static final String[] LANGUAGES = {"en", "en-GB", "de", "fr", "es", "pt-BR", "ja"};

    private static final Map<String, FeedPage> DOCUMENTS;
    private static final Map<String, byte[]> BYTES;

    static {
        Jsonb jsonb = JsonbBuilder.create();
        try {
            Map<String, FeedPage> documents = new java.util.HashMap<>();
            Map<String, byte[]> bytes = new java.util.HashMap<>();
            for (Map.Entry<String, Integer> target : TARGETS.entrySet()) {
                FeedPage page = build(jsonb, target.getValue());
                documents.put(target.getKey(), page);
                bytes.put(target.getKey(), jsonb.toJson(page).getBytes(StandardCharsets.UTF_8));
            }
            DOCUMENTS = Map.copyOf(documents);
            BYTES = Map.copyOf(bytes);
        } finally {
            try {
                jsonb.close();
            } catch (Exception e) {
                // nothing held
            }
        }
    }

    private Payloads() {
    }

    /** The precomputed JSON bytes of a size ({@code 2k} or {@code 20k}); 404 for any other. */
    public static byte[] bytes(String size) {
        byte[] b = BYTES.get(size);
        if (b == null) {
            throw new NotFoundException("size must be one of " + TARGETS.keySet());
        }
        return b;
    }

    /** The same document as objects, for methods that serialize on every call (JSON-B, as an API would). */
    public static FeedPage document(String size) {
        FeedPage page = DOCUMENTS.get(size);
        if (page == null) {
            throw new NotFoundException("size must be one of " + TARGETS.keySet());
        }
        return page;
    }

    private static FeedPage build(Jsonb jsonb, int targetBytes) {
        Random random = new Random(20261126L + targetBytes);
        FeedPage page = new FeedPage();
        page.page = 1;
        page.items = new ArrayList<>();
        while (true) {
            Post next = post(random, 1000 + page.items.size() * 7);
            page.items.add(next);
            page.pageSize = page.items.size();
            page.total = 20 * page.items.size() + 3;
            page.next = "/api/feed?page=2&size=" + page.pageSize;
            if (jsonb.toJson(page).getBytes(StandardCharsets.UTF_8).length > targetBytes) {
                page.items.remove(page.items.size() - 1);
                page.pageSize = page.items.size();
                page.total = 20 * page.items.size() + 3;
                page.next = "/api/feed?page=2&size=" + page.pageSize;
                return page;
            }
        }
    }

    private static Post post(Random random, long id) {
        Post p = new Post();
        p.id = id;
        p.title = sentence(random, 4 + random.nextInt(5));
        p.excerpt = sentence(random, 25 + random.nextInt(20));
        p.language = LANGUAGES[random.nextInt(LANGUAGES.length)];
        p.pinned = random.nextInt(10) == 0;
        p.createdAt = String.format("2026-%02d-%02dT%02d:%02d:%02dZ", 1 + random.nextInt(11), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60));
        p.updatedAt = p.createdAt;
        Author a = new Author();
        String name = NAMES[random.nextInt(NAMES.length)];
        a.id = 1 + random.nextInt(5000);
        a.username = name + a.id;
        a.displayName = Character.toUpperCase(name.charAt(0)) + name.substring(1) + " " + (char) ('A' + random.nextInt(26)) + ".";
        a.avatarUrl = "https://cdn.example.com/avatars/" + a.id + "/96.png";
        a.verified = random.nextBoolean();
        a.followers = random.nextInt(100_000);
        p.author = a;
        p.tags = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            p.tags.add(WORDS[random.nextInt(WORDS.length)]);
        }
        Counts c = new Counts();
        c.likes = random.nextInt(5000);
        c.comments = random.nextInt(300);
        c.shares = random.nextInt(200);
        c.views = c.likes * 10L + random.nextInt(10_000);
        p.counts = c;
        Links l = new Links();
        l.self = "/api/posts/" + id;
        l.comments = "/api/posts/" + id + "/comments";
        l.author = "/api/users/" + a.id;
        p.links = l;
        return p;
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = WORDS[random.nextInt(WORDS.length)];
            s.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < words ? " " : ".");
        }
        return s.toString();
    }

    /** One page of the feed. */
    public static final class FeedPage {
        public int page;
        public int pageSize;
        public long total;
        public String next;
        public List<Post> items;
    }

    /** A post with its author inlined, as feed APIs usually do. */
    public static final class Post {
        public long id;
        public String title;
        public String excerpt;
        public String language;
        public boolean pinned;
        public String createdAt;
        public String updatedAt;
        public Author author;
        public List<String> tags;
        public Counts counts;
        public Links links;
    }

    /** The author summary inside a post. */
    public static final class Author {
        public long id;
        public String username;
        public String displayName;
        public String avatarUrl;
        public boolean verified;
        public int followers;
    }

    /** Engagement counters. */
    public static final class Counts {
        public int likes;
        public int comments;
        public int shares;
        public long views;
    }

    /** Hypermedia links. */
    public static final class Links {
        public String self;
        public String comments;
        public String author;
    }
}
