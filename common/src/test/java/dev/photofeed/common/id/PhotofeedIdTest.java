package dev.photofeed.common.id;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhotofeedIdTest {

    @Test
    void fieldsComeBackOutOfTheBitsTheyWentInto() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(PhotofeedId.MAX_MILLIS + 1);
            int shard = random.nextInt(PhotofeedId.LOGICAL_SHARDS);
            int sequence = random.nextInt(PhotofeedId.SEQUENCES_PER_MILLI);
            long id = PhotofeedId.compose(millis, shard, sequence);
            assertThat(id).isNotNegative();
            assertThat(PhotofeedId.millisSinceEpoch(id)).isEqualTo(millis);
            assertThat(PhotofeedId.logicalShard(id)).isEqualTo(shard);
            assertThat(PhotofeedId.sequence(id)).isEqualTo(sequence);
        }
    }

    @Test
    void idsSortByTimeFirst() {
        long earlier = PhotofeedId.compose(1000, PhotofeedId.LOGICAL_SHARDS - 1, PhotofeedId.SEQUENCES_PER_MILLI - 1);
        long later = PhotofeedId.compose(1001, 0, 0);
        assertThat(later).isGreaterThan(earlier);
        assertThat(PhotofeedId.createdAt(later)).isEqualTo(PhotofeedId.EPOCH.plusMillis(1001));
        assertThat(PhotofeedId.lowestAt(Instant.parse("2026-06-01T00:00:00Z"))).isLessThanOrEqualTo(
                PhotofeedId.compose(Instant.parse("2026-06-01T00:00:00Z").toEpochMilli() - PhotofeedId.EPOCH.toEpochMilli(), 5, 5));
    }

    @Test
    void outOfRangeFieldsAreRefused() {
        assertThatThrownBy(() -> PhotofeedId.compose(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhotofeedId.compose(0, PhotofeedId.LOGICAL_SHARDS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PhotofeedId.compose(0, 0, PhotofeedId.SEQUENCES_PER_MILLI)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPlainPositiveDecimalsParse() {
        assertThat(PhotofeedId.parse("123456789012345678")).hasValue(123456789012345678L);
        assertThat(PhotofeedId.parse(PhotofeedId.format(Long.MAX_VALUE))).hasValue(Long.MAX_VALUE);
        for (String bad : new String[]{null, "", "0", "-5", "+5", " 5", "5 ", "1e5", "0x10", "abc", "9223372036854775808", "12345678901234567890"}) {
            assertThat(PhotofeedId.parse(bad)).as("'%s'", bad).isEmpty();
        }
    }
}
