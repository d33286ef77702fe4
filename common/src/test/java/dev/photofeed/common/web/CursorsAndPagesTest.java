package dev.photofeed.common.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsAndPagesTest {

    @Test
    void cursorsRoundTripAndJunkIsA400() {
        for (long position : List.of(0L, 1L, 123456789012345L, Long.MAX_VALUE)) {
            assertThat(Cursors.decode(Cursors.encode(position), -1)).isEqualTo(position);
        }
        assertThat(Cursors.decode(null, 42)).isEqualTo(42);
        for (String junk : List.of("!!", "AAAA", "not a cursor", "AAAAAAAAAAAAAAAAAAAA")) {
            assertThatThrownBy(() -> Cursors.decode(junk, 0)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status().value()).isEqualTo(400);
                assertThat(e.type()).hasToString("https://photofeed.dev/problems/invalid-cursor");
            });
        }
    }

    @Test
    void limitsOutsideTheRangeAreA400() {
        assertThat(Page.limit(null, 20, 100)).isEqualTo(20);
        assertThat(Page.limit(100, 20, 100)).isEqualTo(100);
        for (int bad : List.of(0, -1, 101, 10_000)) {
            assertThatThrownBy(() -> Page.limit(bad, 20, 100)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.type()).hasToString("https://photofeed.dev/problems/invalid-limit"));
        }
    }

    @Test
    void aPageShowsLimitRowsAndPointsAfterTheLast() {
        Page<String> more = Page.of(List.of(1L, 2L, 3L), 2, String::valueOf, Cursors::encode);
        assertThat(more.items()).containsExactly("1", "2");
        assertThat(Cursors.decode(more.nextCursor(), 0)).isEqualTo(2);
        Page<String> last = Page.of(List.of(1L, 2L), 2, String::valueOf, Cursors::encode);
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void pathIdsThatAreNotIdsAre404() {
        assertThat(PathIds.parse("42", "thing-not-found", "thing")).isEqualTo(42);
        for (String junk : List.of("abc", "-1", "0", "1e3", "99999999999999999999")) {
            assertThatThrownBy(() -> PathIds.parse(junk, "thing-not-found", "thing")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status().value()).isEqualTo(404));
        }
    }
}
