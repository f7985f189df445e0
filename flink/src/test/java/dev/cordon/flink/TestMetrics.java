package dev.cordon.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** A metric reporter for the MiniCluster that keeps every metric it is told about. */
public final class TestMetrics implements MetricReporterFactory {

  /** A metric, its name and its group's variables (job name, operator name, subtask index...). */
  record Registered(String name, Map<String, String> variables, Metric metric) {}

  static final List<Registered> METRICS = new CopyOnWriteArrayList<>();

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new MetricReporter() {
      @Override
      public void open(MetricConfig config) {}

      @Override
      public void close() {}

      @Override
      public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.add(new Registered(name, group.getAllVariables(), metric));
      }

      @Override
      public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
    };
  }

  /** The metrics called {@code name} of the job called {@code job}. */
  static List<Metric> of(String job, String name) {
    List<Metric> found = new ArrayList<>();
    for (Registered r : METRICS) {
      if (r.name().equals(name) && job.equals(r.variables().get("<job_name>"))) {
        found.add(r.metric());
      }
    }
    return found;
  }

  static long counterSum(String job, String name) {
    return of(job, name).stream().mapToLong(m -> ((Counter) m).getCount()).sum();
  }

  static long histogramCount(String job, String name) {
    return of(job, name).stream().mapToLong(m -> ((Histogram) m).getCount()).sum();
  }

  static List<Object> gaugeValues(String job, String name) {
    return of(job, name).stream().map(m -> (Object) ((Gauge<?>) m).getValue()).toList();
  }
}
