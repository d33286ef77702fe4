package dev.photofeed.systemtests;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric-name reader the dashboard test relies on (no stack needed). */
class PromQlTest {

    @Test
    void findsSelectedMetricsNotFunctionsLabelsOrKeywords() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (application, uri, le) "
                + "(rate(http_server_requests_seconds_bucket{application=~\"$service\", uri!=\"/x\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("rate(a_total[5m]) / on (pod) group_left (node) b_info and c offset 5m > bool 0.5"))
                .containsExactlyInAnyOrder("a_total", "b_info", "c");
        assertThat(PromQl.metricNames("max by (instance) (feed_fanout_delay_seconds{quantile=\"0.99\"})"))
                .containsExactly("feed_fanout_delay_seconds");
    }
}
