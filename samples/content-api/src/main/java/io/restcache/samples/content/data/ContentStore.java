package io.restcache.samples.content.data;

import io.restcache.samples.content.domain.Comment;
import io.restcache.samples.content.domain.Post;
import io.restcache.samples.content.domain.User;
import io.restcache.samples.content.view.AuthorView;
import io.restcache.samples.content.view.CommentView;
import io.restcache.samples.content.view.PostDetail;
import io.restcache.samples.content.view.PostView;
import io.restcache.samples.content.view.ProfileView;
import io.restcache.samples.content.view.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * All database access of the API. Every method runs in one JTA transaction and returns views, never
 * entities, so that what the resources serialize (and restcache stores) is fixed when the
 * transaction ends.
 */
@ApplicationScoped
@Transactional
public class ContentStore {

    /*
     * Reads that serve cached endpoints select columns, not entities: building entities inside the
     * transaction makes EclipseLink clone them into the unit of work, and a clone of a post and its author
     * waits in WriteLockManager.acquireLocksForClone while concurrent writes and other readers hold those
     * objects' cache locks — with 8 clients and 5% profile updates, feed reads took up to a minute (p99 3 s,
     * the flight wait, so waiting requests gave up). Column reads build no managed objects and take no
     * cache locks.
     */
    /** A post's id, its author's id, username and display name, its title, body and creation time. */
    private static final String POST_COLUMNS = "p.id, a.id, a.username, a.displayName, p.title, p.body, p.createdAt";

    @PersistenceContext(unitName = "content")
    EntityManager em;

    /** The id of the user with this username, for authentication. */
    public Optional<Long> userIdByUsername(String username) {
        return em.createQuery("select u.id from User u where u.username = :username", Long.class)
                .setParameter("username", username)
                .getResultStream()
                .findFirst();
    }

    /** Everybody, by id: a small uncached directory. */
    public List<AuthorView> users() {
        return em.createQuery("select u from User u order by u.id", User.class)
                .getResultStream()
                .map(ContentStore::author)
                .toList();
    }

    public Optional<UserView> user(long id) {
        return Optional.ofNullable(em.find(User.class, id)).map(this::profile);
    }

    /** The user's posts, newest first; empty if there is no such user. */
    public Optional<List<PostView>> postsOf(long userId) {
        if (em.find(User.class, userId) == null) {
            return Optional.empty();
        }
        List<Object[]> posts = em.createQuery("select " + POST_COLUMNS + " from Post p join p.author a"
                        + " where a.id = :id order by p.createdAt desc, p.id desc", Object[].class)
                .setParameter("id", userId)
                .getResultList();
        return Optional.of(postViews(posts));
    }

    /** The newest posts of the people the user follows. */
    public List<PostView> feed(long userId, int limit) {
        List<Object[]> posts = em.createQuery("select " + POST_COLUMNS + " from Post p join p.author a"
                        + " where a.id in (select f.followee.id from Follow f where f.follower.id = :id)"
                        + " order by p.createdAt desc, p.id desc", Object[].class)
                .setParameter("id", userId)
                .setMaxResults(limit)
                .getResultList();
        return postViews(posts);
    }

    public Optional<PostDetail> post(long id) {
        Optional<Object[]> post = em.createQuery("select " + POST_COLUMNS
                        + " from Post p join p.author a where p.id = :id", Object[].class)
                .setParameter("id", id)
                .getResultStream()
                .findFirst();
        if (post.isEmpty()) {
            return Optional.empty();
        }
        List<CommentView> comments = em.createQuery("""
                        select c.id, a.id, a.username, a.displayName, c.text, c.createdAt
                        from Comment c join c.author a
                        where c.post.id = :id order by c.createdAt, c.id""", Object[].class)
                .setParameter("id", id)
                .getResultStream()
                .map(row -> new CommentView((Long) row[0], author(row, 1), (String) row[4],
                        ((OffsetDateTime) row[5]).toInstant()))
                .toList();
        Object[] p = post.get();
        return Optional.of(new PostDetail((Long) p[0], author(p, 1), (String) p[4], (String) p[5],
                ((OffsetDateTime) p[6]).toInstant(), comments));
    }

    /** The caller's own profile, with whom they follow. */
    public ProfileView ownProfile(long userId) {
        User user = em.find(User.class, userId);
        List<AuthorView> following = em.createQuery("""
                        select f.followee from Follow f
                        where f.follower.id = :id order by f.followee.id""", User.class)
                .setParameter("id", userId)
                .getResultStream()
                .map(ContentStore::author)
                .toList();
        return new ProfileView(profile(user), following);
    }

    /** Changes what is given (a null field stays as it is); empty if there is no such user. */
    public Optional<UserView> updateProfile(long id, String displayName, String bio) {
        User user = em.find(User.class, id);
        if (user == null) {
            return Optional.empty();
        }
        if (displayName != null) {
            user.setDisplayName(displayName);
        }
        if (bio != null) {
            user.setBio(bio);
        }
        return Optional.of(profile(user));
    }

    public PostView createPost(long authorId, String title, String body) {
        Post post = new Post(em.find(User.class, authorId), title, body, now());
        em.persist(post); // assigns the id, which the Location header needs
        return postView(post, 0);
    }

    /** Adds a comment; empty if there is no such post. */
    public Optional<CommentView> addComment(long postId, long authorId, String text) {
        Post post = em.find(Post.class, postId);
        if (post == null) {
            return Optional.empty();
        }
        Comment comment = new Comment(post, em.find(User.class, authorId), text, now());
        em.persist(comment);
        return Optional.of(comment(comment));
    }

    private UserView profile(User user) {
        long id = user.getId();
        return new UserView(id, user.getUsername(), user.getDisplayName(), user.getBio(),
                count("select count(f) from Follow f where f.followee.id = :id", id),
                count("select count(f) from Follow f where f.follower.id = :id", id));
    }

    private long count(String jpql, long id) {
        return em.createQuery(jpql, Long.class).setParameter("id", id).getSingleResult();
    }

    /**
     * Views of these {@link #POST_COLUMNS} rows with their comment counts, in one query rather than one
     * per post.
     */
    private List<PostView> postViews(List<Object[]> posts) {
        if (posts.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> comments = em.createQuery("""
                        select c.post.id, count(c) from Comment c
                        where c.post.id in :ids group by c.post.id""", Object[].class)
                .setParameter("ids", posts.stream().map(row -> (Long) row[0]).toList())
                .getResultStream()
                .collect(Collectors.toMap(row -> (Long) row[0], row -> (Long) row[1]));
        return posts.stream().map(row -> new PostView((Long) row[0], author(row, 1), (String) row[4],
                (String) row[5], ((OffsetDateTime) row[6]).toInstant(), comments.getOrDefault((Long) row[0], 0L)))
                .toList();
    }

    /** The author's id, username and display name, from a row where they start at this column. */
    private static AuthorView author(Object[] row, int first) {
        return new AuthorView((Long) row[first], (String) row[first + 1], (String) row[first + 2]);
    }

    private static PostView postView(Post post, long comments) {
        return new PostView(post.getId(), author(post.getAuthor()), post.getTitle(), post.getBody(),
                post.getCreatedAt().toInstant(), comments);
    }

    private static CommentView comment(Comment comment) {
        return new CommentView(comment.getId(), author(comment.getAuthor()), comment.getText(),
                comment.getCreatedAt().toInstant());
    }

    private static AuthorView author(User user) {
        return new AuthorView(user.getId(), user.getUsername(), user.getDisplayName());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
