package dev.photofeed.common.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The saturation meters read each kernel file format (fixture trees under test resources), and stay away where a file is missing. */
class SaturationMetersTest {

    @Test
    void cgroupV2ThrottlingInMicrosecondsAndTheTcpCounters() {
        MeterRegistry registry = bind("cgroup-v2");

        assertThat(count(registry, "system.cgroup.cpu.periods")).isEqualTo(12000);
        assertThat(count(registry, "system.cgroup.cpu.throttled.periods")).isEqualTo(345);
        assertThat(count(registry, "system.cgroup.cpu.throttled.time")).isCloseTo(6.789, within(1e-9));
        assertThat(count(registry, "system.tcp.retransmits")).isEqualTo(1903);
        assertThat(count(registry, "system.tcp.listen.overflows")).isEqualTo(17);
        assertThat(count(registry, "system.tcp.listen.drops")).isEqualTo(21);
    }

    @Test
    void cgroupV1ThrottlingInNanosecondsWhenTheUnifiedHierarchyHasNoCpuController() {
        MeterRegistry registry = bind("cgroup-v1");

        assertThat(count(registry, "system.cgroup.cpu.periods")).isEqualTo(5000);
        assertThat(count(registry, "system.cgroup.cpu.throttled.periods")).isEqualTo(250);
        assertThat(count(registry, "system.cgroup.cpu.throttled.time")).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void missingFilesMeanAbsentMetersNotErrors() {
        MeterRegistry registry = bind("bare");
        assertThat(registry.getMeters()).isEmpty();

        MeterRegistry nowhere = new SimpleMeterRegistry();
        new SaturationMeters(Path.of("/no/such/root")).bindTo(nowhere);
        assertThat(nowhere.getMeters()).isEmpty();
    }

    @Test
    void aCounterReadsTheFileAgainAtEachScrape() {
        MeterRegistry registry = bind("cgroup-v2");
        // the fixture does not change, so two reads agree; a live system's counters only grow
        assertThat(count(registry, "system.tcp.retransmits")).isEqualTo(count(registry, "system.tcp.retransmits"));
        assertThat(SaturationMeters.table(fixture("cgroup-v2").resolve("proc/net/snmp"), "Udp")).containsEntry("NoPorts", 0.0);
    }

    @Test
    void theMetersStillReadAfterACollectionWhileTheBinderLives() {
        MeterRegistry registry = bind("cgroup-v2");
        System.gc(); // Micrometer holds a function meter's state weakly: a state only it holds is gone now
        assertThat(count(registry, "system.cgroup.cpu.periods")).isEqualTo(12000);
        assertThat(count(registry, "system.tcp.listen.drops")).isEqualTo(21);
    }

    /** The binders bound so far: the application context keeps its binder alive the same way. */
    private final List<SaturationMeters> binders = new ArrayList<>();

    private MeterRegistry bind(String tree) {
        MeterRegistry registry = new SimpleMeterRegistry();
        SaturationMeters binder = new SaturationMeters(fixture(tree));
        binder.bindTo(registry);
        binders.add(binder);
        return registry;
    }

    private static double count(MeterRegistry registry, String name) {
        FunctionCounter counter = registry.find(name).functionCounter();
        assertThat(counter).as(name).isNotNull();
        return counter.count();
    }

    private static Path fixture(String tree) {
        try {
            return Path.of(SaturationMetersTest.class.getResource("/saturation/" + tree).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
