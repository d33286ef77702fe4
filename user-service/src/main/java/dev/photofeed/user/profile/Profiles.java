package dev.photofeed.user.profile;

import dev.photofeed.common.cache.CacheAside;
import dev.photofeed.common.cache.CacheAsideFactory;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.common.web.PathIds;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/**
 * Profiles with their counts, read cache-aside ({@link CacheAside}: single-flight, TTL jitter, negative
 * caching). Whoever changes a count calls {@link #invalidate} inside the transaction; the entry is deleted
 * once it commits.
 */
@Service
public class Profiles {

    private static final String NOT_FOUND = "user-not-found";

    private final ShardRouter shards;
    private final CacheAside<Profile> cache;

    public Profiles(ShardRouter shards, CacheAsideFactory caches) {
        this.shards = shards;
        this.cache = caches.create("profile", Profile.class);
    }

    public Optional<Profile> find(long id) {
        return cache.get(PhotofeedId.format(id), key -> load(id));
    }

    /** The profile, or a 404 {@code user-not-found}. */
    public Profile require(long id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The profiles, in order, with one cache round trip for all of them; any unknown id is the 404 of {@link #require}. */
    public List<Profile> requireAll(List<Long> ids) {
        List<Optional<Profile>> found = cache.getAll(ids.stream().map(PhotofeedId::format).toList(), key -> load(Long.parseLong(key)));
        for (int i = 0; i < ids.size(); i++) {
            if (found.get(i).isEmpty()) {
                throw notFound(ids.get(i));
            }
        }
        return found.stream().map(Optional::orElseThrow).toList();
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound(NOT_FOUND, "no user with id " + PhotofeedId.format(id));
    }

    /** A user id from a URL path: text that is not an id is the same 404 as an unknown id. */
    public static long pathId(String text) {
        return PathIds.parse(text, NOT_FOUND, "user");
    }

    public void invalidate(long id) {
        cache.invalidate(PhotofeedId.format(id));
    }

    private Optional<Profile> load(long id) {
        return shards.forId(id).jdbc().sql("""
                        SELECT id, username, display_name, follower_count, following_count, photo_count
                        FROM users WHERE id = ? AND active
                        """)
                .param(id)
                .query((rs, n) -> new Profile(PhotofeedId.format(rs.getLong("id")), rs.getString("username"),
                        rs.getString("display_name"), rs.getLong("follower_count"), rs.getLong("following_count"),
                        rs.getLong("photo_count")))
                .optional();
    }
}
