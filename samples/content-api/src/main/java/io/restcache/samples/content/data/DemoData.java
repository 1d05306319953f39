package io.restcache.samples.content.data;

import io.restcache.CacheInvalidation;
import io.restcache.samples.content.domain.Comment;
import io.restcache.samples.content.domain.Follow;
import io.restcache.samples.content.domain.Post;
import io.restcache.samples.content.domain.User;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fills an empty database with the demo network from {@code demo-data.json}: five users (alice, bob,
 * carol, dave, erin get ids 1 to 5), their follows, posts and comments.
 *
 * <p>A startup singleton rather than a lazy initializer: its {@code @PostConstruct} runs in a
 * container transaction before the application takes requests, so the first request never sees an
 * empty database. Timestamps are relative to the boot, so the feed always looks recent.
 *
 * <p>Nodes that share a database must not seed it twice (a second alice would break the unique
 * username): only a node with {@code sample.db.seed=true} (the default; the fleet launcher sets it on
 * the first node only) seeds, and only a database without users. The others use what is there.
 *
 * <p>A Redis outlives the database: the sample's in-memory database starts over on every run, while the
 * Redis it uses may still hold the previous run's responses (a renamed Alice, served as a hit). Fresh data
 * makes all of them stale, so seeding ends by dropping everything restcache stored, once the seed commits.
 */
@Startup
@Singleton
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());

    @PersistenceContext(unitName = "content")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "sample.db.seed", defaultValue = "true")
    boolean seeding;

    @Inject
    Event<CacheInvalidation> invalidations;

    @PostConstruct
    void seed() {
        if (!seeding) {
            LOG.info("Demo data: not seeding here (sample.db.seed=false); another node seeds the shared database");
            return;
        }
        long present = em.createQuery("select count(u) from User u", Long.class).getSingleResult();
        if (present > 0) {
            LOG.info("Demo data: the database already has " + present + " users; not seeding it again");
            return;
        }
        Seed seed = read("/demo-data.json");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);

        Map<String, User> users = new LinkedHashMap<>();
        for (SeedUser u : seed.users()) {
            User user = new User(u.username(), u.displayName(), u.bio());
            em.persist(user); // takes the next id at once: ids follow the file, alice is 1
            users.put(u.username(), user);
        }
        for (List<String> pair : seed.follows()) {
            em.persist(new Follow(users.get(pair.get(0)), users.get(pair.get(1))));
        }
        int comments = 0;
        for (SeedPost p : seed.posts()) {
            OffsetDateTime postedAt = now.minusHours(p.hoursAgo());
            Post post = new Post(users.get(p.author()), p.title(), p.body(), postedAt);
            em.persist(post);
            for (SeedComment c : p.comments()) {
                em.persist(new Comment(post, users.get(c.author()), c.text(), postedAt.plusMinutes(c.minutesLater())));
                comments++;
            }
        }
        invalidations.fire(CacheInvalidation.everything()); // acted on after the seed commits
        LOG.info("Demo data: users " + ids(users) + ", " + seed.follows().size() + " follows, "
                + seed.posts().size() + " posts, " + comments + " comments; dropping what restcache stored before");
    }

    private static String ids(Map<String, User> users) {
        StringBuilder text = new StringBuilder();
        users.forEach((name, user) -> text.append(text.isEmpty() ? "" : ", ").append(name).append('=').append(user.getId()));
        return text.toString();
    }

    @SuppressWarnings("try") // Jsonb.close() declares Exception; nothing here is interruptible
    private static Seed read(String resource) {
        InputStream in = DemoData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the application");
        }
        try (in; Jsonb jsonb = JsonbBuilder.create()) {
            return jsonb.fromJson(in, Seed.class);
        } catch (Exception e) { // Jsonb.close() declares Exception
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }

    /** The layout of {@code demo-data.json}. */
    public record Seed(List<SeedUser> users, List<List<String>> follows, List<SeedPost> posts) {
    }

    /** A user to create. */
    public record SeedUser(String username, String displayName, String bio) {
    }

    /** A post, written {@code hoursAgo} hours before the boot. */
    public record SeedPost(String author, int hoursAgo, String title, String body, List<SeedComment> comments) {
    }

    /** A comment, written {@code minutesLater} minutes after its post. */
    public record SeedComment(String author, int minutesLater, String text) {
    }
}
